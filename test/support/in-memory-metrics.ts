/**
 * Monthly reports in memory, with the same conditions as the DynamoDB adapter: revision 1 only where
 * the month has none, a restatement only at the version read. `onBeforeWrite` lets a test change the
 * store between an import's reads and its writes (a PUT winning the race).
 */
import { ConflictError, VersionConflictError } from '../../shared/domain/errors.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import type {
  MetricsBatchRepository,
  MetricsRepository,
  ReportKey,
  ReportWrite,
  ReportWriteExtras,
  ReportWriteOutcome,
} from '../../shared/domain/metrics/ports.ts';
import type { MetricReport } from '../../shared/domain/metrics/schema.ts';

const keyOf = (projectId: string, period: string) => `${projectId}#${period}`;

export class InMemoryMetricsRepository implements MetricsRepository, MetricsBatchRepository {
  private readonly latestReports = new Map<string, MetricReport>();
  private readonly revisions = new Map<string, MetricReport[]>();
  /** Calls made, so that tests can show what was (not) read or written. */
  readonly calls = { latestMany: 0, keysRead: 0, writeMany: 0, reportsWritten: 0 };
  /** The outbox: every event stored with a report, in the order stored. */
  readonly events: DomainEvent[] = [];
  /** Runs once before the next `writeMany`, then is cleared. */
  onBeforeWrite: (() => Promise<void>) | undefined;

  async latest(projectId: string, period: string): Promise<MetricReport | undefined> {
    const report = this.latestReports.get(keyOf(projectId, period));
    return report === undefined ? undefined : structuredClone(report);
  }

  async revision(projectId: string, period: string, revision: number): Promise<MetricReport | undefined> {
    const found = this.revisions.get(keyOf(projectId, period))?.find((r) => r.revision === revision);
    return found === undefined ? undefined : structuredClone(found);
  }

  async list(
    projectId: string,
    range: { from?: string; to?: string; afterPeriod?: string; limit: number },
  ): Promise<{ reports: MetricReport[]; more: boolean }> {
    const reports = [...this.latestReports.values()]
      .filter((r) => r.projectId === projectId)
      .filter(
        (r) =>
          (range.from === undefined || r.period >= range.from) &&
          (range.to === undefined || r.period <= range.to),
      )
      .filter((r) => range.afterPeriod === undefined || r.period > range.afterPeriod)
      .sort((a, b) => a.period.localeCompare(b.period));
    return {
      reports: reports.slice(0, range.limit).map((r) => structuredClone(r)),
      more: reports.length > range.limit,
    };
  }

  async create(report: MetricReport, { owner, events = [] }: ReportWriteExtras = {}): Promise<void> {
    if (this.tryWrite({ next: report, owner, events }) === 'conflict') {
      throw new ConflictError(`A report for ${report.period} was submitted meanwhile`);
    }
  }

  async replace(
    previous: MetricReport,
    next: MetricReport,
    { owner, events = [] }: ReportWriteExtras = {},
  ): Promise<void> {
    if (this.tryWrite({ previous, next, owner, events }) === 'conflict') {
      throw new VersionConflictError(
        `The report for ${next.period} has changed since version ${previous.version}`,
      );
    }
  }

  async latestMany(keys: readonly ReportKey[]): Promise<MetricReport[]> {
    this.calls.latestMany += 1;
    this.calls.keysRead += keys.length;
    return keys
      .map((k) => this.latestReports.get(keyOf(k.projectId, k.period)))
      .filter((r): r is MetricReport => r !== undefined)
      .map((r) => structuredClone(r));
  }

  async writeMany(writes: readonly ReportWrite[]): Promise<ReportWriteOutcome[]> {
    const before = this.onBeforeWrite;
    this.onBeforeWrite = undefined;
    await before?.();
    this.calls.writeMany += 1;
    return writes.map((write) => this.tryWrite(write));
  }

  /** Every revision stored for a month, oldest first. */
  revisionsOf(projectId: string, period: string): MetricReport[] {
    return (this.revisions.get(keyOf(projectId, period)) ?? []).map((r) => structuredClone(r));
  }

  private tryWrite({ previous, next, events = [] }: ReportWrite): ReportWriteOutcome {
    const key = keyOf(next.projectId, next.period);
    const stored = this.latestReports.get(key);
    if (previous === undefined ? stored !== undefined : stored?.version !== previous.version)
      return 'conflict';
    this.calls.reportsWritten += 1;
    this.events.push(...structuredClone(events));
    this.latestReports.set(key, structuredClone(next));
    const revisions = (this.revisions.get(key) ?? []).filter((r) => r.revision !== next.revision);
    this.revisions.set(key, [...revisions, structuredClone(next)]);
    return 'written';
  }
}
