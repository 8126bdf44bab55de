import { describe, expect, it } from 'vitest';
import { retentionOf, withCurrentRetention } from '../../../../shared/domain/indicator-runs/retention.ts';
import type { IndicatorRun } from '../../../../shared/domain/indicator-runs/run.ts';

/** A runs store's list over the given runs (newest first, as run ids sort), `pageSize` at a time. */
function runsOf(runs: readonly IndicatorRun[], pageSize = 2) {
  const newestFirst = [...runs].sort((a, b) => (a.runId < b.runId ? 1 : -1));
  return {
    async list(limit: number, before?: string) {
      const older = newestFirst.filter((run) => before === undefined || run.runId < before);
      const page = older.slice(0, Math.min(limit, pageSize));
      return { runs: page, more: older.length > page.length };
    },
  };
}

const run = (runId: string, startedAt: string, state: IndicatorRun['state'] = 'published'): IndicatorRun => ({
  runId,
  state,
  trigger: 'schedule',
  startedAt,
});

describe('retention of indicator runs', () => {
  it('keeps the first run published in a month for good', async () => {
    const runs = runsOf([run('A1', '2026-10-31T06:00:00Z'), run('B1', '2026-11-01T06:00:00Z', 'failed')]);

    expect(await retentionOf(run('B2', '2026-11-01T07:00:00Z'), runs)).toEqual({
      kept: ['first_run_of_month'],
      itemsExpireAt: null,
    });
  });

  it('lets a later run of the month expire 400 days after it started, looking past failed runs and pages', async () => {
    const runs = runsOf([
      run('B1', '2026-11-01T06:00:00Z'),
      run('B2', '2026-11-02T06:00:00Z', 'failed'),
      run('B3', '2026-11-03T06:00:00Z', 'failed'),
      run('B4', '2026-11-04T06:00:00Z', 'failed'),
    ]);

    expect(await retentionOf(run('B5', '2026-11-05T06:00:00Z'), runs)).toEqual({
      kept: [],
      itemsExpireAt: '2027-12-10T06:00:00.000Z',
    });
  });

  it('takes the retention given, and refuses one that is not a positive whole number of days', async () => {
    const runs = runsOf([run('B1', '2026-11-01T06:00:00Z')]);

    expect((await retentionOf(run('B2', '2026-11-02T00:00:00Z'), runs, 30)).itemsExpireAt).toBe(
      '2026-12-02T00:00:00.000Z',
    );
    await expect(retentionOf(run('B2', '2026-11-02T00:00:00Z'), runs, 0)).rejects.toThrow(RangeError);
  });

  it('keeps the very first run', async () => {
    expect(await retentionOf(run('A1', '2026-11-05T06:00:00Z'), runsOf([]))).toEqual({
      kept: ['first_run_of_month'],
      itemsExpireAt: null,
    });
  });

  it('says the latest run is kept because it is the latest, and other runs as stored', () => {
    const expiring = {
      ...run('B5', '2026-11-05T06:00:00Z'),
      retention: { kept: [], itemsExpireAt: '2027-12-10T06:00:00.000Z' },
    };

    expect(withCurrentRetention(expiring, 'B5').retention).toEqual({ kept: ['latest'], itemsExpireAt: null });
    expect(withCurrentRetention(expiring, 'B6').retention).toEqual(expiring.retention);
  });
});
