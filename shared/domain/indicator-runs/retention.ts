/**
 * Retention of indicator runs (`docs/indicator-job.md`): a run's items expire (DynamoDB TTL)
 * `retentionDays` after the run started, except the first run published in each calendar month
 * (kept as that month's release) and the latest run. Run records themselves are kept, so the runs
 * list always says which runs are kept and why, and when the others' items went.
 */
import type { IndicatorRunStore } from './ports.ts';
import type { IndicatorRun, RunRetention } from './run.ts';

/** How long a run's items are kept by default. */
export const defaultRetentionDays = 400;

const dayMs = 86_400_000;

/**
 * The retention of a run about to be published: kept when no earlier run of its calendar month
 * (UTC) was published, expiring `retentionDays` after its start otherwise. It will be the latest
 * too, but that is said when runs are read, since it stops being latest with the next run.
 * @throws RangeError when `retentionDays` is not a positive integer
 */
export async function retentionOf(
  run: Pick<IndicatorRun, 'runId' | 'startedAt'>,
  runs: Pick<IndicatorRunStore, 'list'>,
  retentionDays = defaultRetentionDays,
): Promise<RunRetention> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(`The retention must be a whole number of days of at least 1, not ${retentionDays}`);
  }
  const month = run.startedAt.slice(0, 7);
  let before: string | undefined = run.runId;
  // Runs list newest first (run ids sort by start time): walk back to the start of the month.
  for (;;) {
    const page = await runs.list(50, before);
    for (const earlier of page.runs) {
      if (earlier.startedAt.slice(0, 7) < month) return { kept: ['first_run_of_month'], itemsExpireAt: null };
      if (earlier.state === 'published') {
        return {
          kept: [],
          itemsExpireAt: new Date(Date.parse(run.startedAt) + retentionDays * dayMs).toISOString(),
        };
      }
    }
    const last = page.runs.at(-1);
    if (!page.more || !last) return { kept: ['first_run_of_month'], itemsExpireAt: null };
    before = last.runId;
  }
}

/** A run as the runs list shows it: with `latest` among the reasons it is kept when it is the latest. */
export function withCurrentRetention(run: IndicatorRun, latestRunId: string | undefined): IndicatorRun {
  if (!run.retention || run.runId !== latestRunId) return run;
  return { ...run, retention: { kept: ['latest', ...run.retention.kept], itemsExpireAt: null } };
}
