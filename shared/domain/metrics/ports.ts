/** What the metrics use cases need from storage (DynamoDB adapter in `shared/adapters/dynamodb/metrics-table.ts`). */
import type { DomainEvent } from '../events/schema.ts';
import type { MetricReport } from './schema.ts';

export interface MetricsRepository {
  /** The latest revision of a project's month. */
  latest(projectId: string, period: string): Promise<MetricReport | undefined>;
  /** One revision of a project's month. */
  revision(projectId: string, period: string, revision: number): Promise<MetricReport | undefined>;
  /** The latest revision of each month from `from` to `to` (both included), oldest first, after `afterPeriod`. */
  list(
    projectId: string,
    range: {
      readonly from?: string;
      readonly to?: string;
      readonly afterPeriod?: string;
      readonly limit: number;
    },
  ): Promise<{ reports: MetricReport[]; more: boolean }>;
  /**
   * Stores revision 1 of a month, with the events of the submission (the outbox, `docs/events.md`).
   * `owner` (the project's facts the review queue filters on) is kept beside the report while it
   * waits for verification (docs/review-queue.md).
   * @throws ConflictError when the month already has a report (a concurrent first submission)
   */
  create(report: MetricReport, extras?: ReportWriteExtras): Promise<void>;
  /**
   * Stores a new revision (a restatement) or a decision on the latest one, only if the month's stored
   * version is still `previous.version`; the revision item, the month's latest copy and the events
   * of the decision are stored together.
   * @throws VersionConflictError when the month has moved on
   */
  replace(previous: MetricReport, next: MetricReport, extras?: ReportWriteExtras): Promise<void>;
}

/** What is stored with a report besides the report itself. */
export interface ReportWriteExtras {
  /** The project's facts the review queue filters on. */
  readonly owner?: ReportOwner | undefined;
  /** The events of the submission or decision, stored with it or not at all. */
  readonly events?: readonly DomainEvent[];
}

/** What the review queue needs to know of a report's project to filter on it. */
export interface ReportOwner {
  readonly hostCountry: string;
}

/** One month of one project. */
export interface ReportKey {
  readonly projectId: string;
  readonly period: string;
}

/** A revision to store: revision 1 when there is no `previous`, else a restatement of `previous`. */
export interface ReportWrite {
  readonly previous?: MetricReport | undefined;
  readonly next: MetricReport;
  /** The project's facts the review queue filters on (see `MetricsRepository.create`). */
  readonly owner?: ReportOwner | undefined;
  /** The events of the submission, stored with it or not at all. */
  readonly events?: readonly DomainEvent[];
}

/**
 * `written`, or `conflict`: the month was no longer as read (a report appeared, or its version
 * moved on), and nothing of this write was stored.
 */
export type ReportWriteOutcome = 'written' | 'conflict';

/** Many months at once, for the bulk import (`import.ts`): batched reads, batched conditional writes. */
export interface MetricsBatchRepository {
  /** The latest revision of each month that has one (months without a report are absent). */
  latestMany(keys: readonly ReportKey[]): Promise<MetricReport[]>;
  /**
   * Stores each write on the same conditions as `create` / `replace` (each write's revision item and
   * its month's latest copy together, or neither), and answers one outcome per write, in order.
   * @throws DependencyUnavailableError when the database keeps refusing; writes already answered
   *   `written` stay stored
   */
  writeMany(writes: readonly ReportWrite[]): Promise<ReportWriteOutcome[]>;
}
