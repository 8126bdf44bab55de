/** What the metrics use cases need from storage (DynamoDB adapter in `shared/adapters/dynamodb/metrics-table.ts`). */
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
   * Stores revision 1 of a month.
   * @throws ConflictError when the month already has a report (a concurrent first submission)
   */
  create(report: MetricReport): Promise<void>;
  /**
   * Stores a new revision (a restatement) or a decision on the latest one, only if the month's stored
   * version is still `previous.version`; the revision item and the month's latest copy change together.
   * @throws VersionConflictError when the month has moved on
   */
  replace(previous: MetricReport, next: MetricReport): Promise<void>;
}
