/** What the indicator job and the indicator reads need from storage. */
import type { DomainEvent } from '../events/schema.ts';
import type { IndicatorItem, IndicatorPartial } from '../indicators/compute.ts';
import type { MetricReport } from '../metrics/schema.ts';
import type { Project } from '../projects/schema.ts';
import type { IndicatorRun } from './run.ts';

/** A filter of `GET /indicators`. */
export interface ItemQuery {
  readonly granularity?: string | undefined;
  readonly period?: string | undefined;
  readonly slice?: string | undefined;
  readonly key?: string | undefined;
  readonly limit: number;
  /** The sort key of the last item already returned. */
  readonly after?: string | undefined;
}

export interface StoredItem extends IndicatorItem {
  /** Where the item sorts in its run: the cursor position. */
  readonly position: string;
}

export interface IndicatorRunStore {
  /** Records a run as `running` (a no-op if that run id is already recorded: duplicate deliveries). */
  start(run: IndicatorRun): Promise<'started' | 'exists'>;
  get(runId: string): Promise<IndicatorRun | undefined>;
  /**
   * Writes items of a running run (idempotent: rewriting the same item writes the same bytes), with
   * the time they expire at (ISO) when they are not kept for good (`retention.ts`).
   */
  writeItems(
    runId: string,
    items: readonly IndicatorItem[],
    options?: { readonly expiresAt?: string },
  ): Promise<void>;
  /**
   * Claims a running run for one attempt until `leaseUntil` (ISO time): false when another attempt
   * holds an unexpired claim (a duplicate delivery still at work) or the run is no longer running.
   */
  claim(runId: string, attempt: string, now: string, leaseUntil: string): Promise<boolean>;
  /**
   * Marks the run published, moves the latest pointer to it and puts the publication's events in
   * the outbox (`docs/events.md`), together; only a `running` run still claimed by `attempt` can be
   * published.
   * @throws ConflictError otherwise
   */
  publish(run: IndicatorRun, attempt: string, events?: readonly DomainEvent[]): Promise<void>;
  fail(runId: string, failure: string, finishedAt: string): Promise<void>;
  latestRunId(): Promise<string | undefined>;
  /** Runs, newest first, before the given run id. */
  list(limit: number, beforeRunId?: string): Promise<{ runs: IndicatorRun[]; more: boolean }>;
  /**
   * One bounded page of a run's items matching the query, in position order. A page reads at most
   * `limit + 1` stored items, so filters that match rarely give a short (even empty) page; `after`
   * is where the next page starts, present when more may follow (docs/operations.md).
   */
  items(runId: string, query: ItemQuery): Promise<{ items: StoredItem[]; after?: string }>;
}

/** The job's inputs, read page by page. */
export interface IndicatorInputSource {
  /**
   * The accepted version of every published project (one with a pending revision included, as it
   * was accepted; a withdrawn one not), in id order, a page at a time.
   */
  acceptedProjects(): AsyncIterable<readonly Project[]>;
  /**
   * The same projects as `acceptedProjects`, as references only (a key-only index query: the job
   * lists these into shards without reading the records), in id order, a page at a time.
   */
  acceptedProjectRefs(): AsyncIterable<readonly ProjectRef[]>;
  /** The accepted versions the references name (in any order; one missing since listing is left out). */
  projectsByRef(refs: readonly ProjectRef[]): Promise<Project[]>;
  /** The latest revision of every month of one project, oldest first. */
  latestReports(projectId: string): Promise<MetricReport[]>;
}

/** Where a published project's accepted version is stored: its id, and the storage's key for it. */
export interface ProjectRef {
  readonly id: string;
  /** Opaque to the domain: the adapter's key of the accepted version's record. */
  readonly key: string;
}

/**
 * What one map step of a run found in its shard (`docs/indicator-job.md`): the partial result, the
 * provenance the run records, and the digests of exactly the inputs read.
 */
export interface ShardPartial {
  readonly shard: number;
  readonly projects: number;
  readonly reports: number;
  /** SHA-256 (hex) of the shard's project digests, in id order. */
  readonly inputsHash: string;
  /** Every project's input digest (32 bytes each, in id order), base64: what the run's hash is made of. */
  readonly projectDigests: string;
  readonly gwpSets: readonly string[];
  readonly calcVersions: readonly string[];
  readonly factorVersions: Readonly<Record<string, readonly number[]>>;
  readonly partial: IndicatorPartial;
}

/**
 * A run's scratch space between its steps: the shards (lists of project references) and the map
 * steps' partial results. S3 in AWS and locally; in memory in tests. Objects are written once per
 * run and shard; a retried step rewrites the same bytes.
 */
export interface RunWorkspace {
  putShard(runId: string, shard: number, refs: readonly ProjectRef[]): Promise<void>;
  shard(runId: string, shard: number): Promise<ProjectRef[]>;
  putPartial(runId: string, partial: ShardPartial): Promise<void>;
  partial(runId: string, shard: number): Promise<ShardPartial>;
}

/**
 * Writes a computed run's release files (`docs/releases.md`, the domain's `ReleaseWriter`). The job
 * calls it before the latest pointer moves; when it throws, the run is not published.
 */
export interface RunReleaseWriter {
  write(run: IndicatorRun): Promise<unknown>;
}
