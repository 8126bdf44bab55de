/** What the indicator job and the indicator reads need from storage. */
import type { DomainEvent } from '../events/schema.ts';
import type { IndicatorItem } from '../indicators/compute.ts';
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
  /** Writes items of a running run (idempotent: rewriting the same item writes the same bytes). */
  writeItems(runId: string, items: readonly IndicatorItem[]): Promise<void>;
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
  /** The latest revision of every month of one project, oldest first. */
  latestReports(projectId: string): Promise<MetricReport[]>;
}
