/** The public reads of indicators: the latest published run's items, the runs, one run. */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { MalformedInputError, NotFoundError } from '../errors.ts';
import { ulidPattern } from '../ids.ts';
import type { IndicatorItem } from '../indicators/compute.ts';
import {
  type ConfStatusMap,
  failClosedPattern,
  type IndicatorAudience,
  publishedItem,
} from '../indicators/disclosure.ts';
import type { Page } from '../pagination.ts';
import type { IndicatorRunStore, ItemQuery, StoredItem } from './ports.ts';
import { withCurrentRetention } from './retention.ts';
import type { IndicatorRun } from './run.ts';

export interface ItemFilters {
  readonly granularity?: string | undefined;
  readonly period?: string | undefined;
  readonly slice?: string | undefined;
  readonly key?: string | undefined;
}

export interface IndicatorsPage {
  readonly runId: string | null;
  readonly computedAt: string | null;
  readonly items: readonly PublishedItem[];
  readonly nextCursor: string | null;
}

/** An item as served: suppressed cells null for the public, and its pattern as `confStatus`. */
export type PublishedItem = IndicatorItem & { confStatus: ConfStatusMap };

const runIdPattern = ulidPattern;
const runIdLength = 26;
const isPosition = (value: string) => value.startsWith('ITEM#') && value.length < 300;
/** A `GET /indicators` cursor position: `<runId>/<item position>`. */
const isPinnedPosition = (value: string) =>
  runIdPattern.test(value.slice(0, runIdLength)) &&
  value[runIdLength] === '/' &&
  isPosition(value.slice(runIdLength + 1));

const staleCursor = () =>
  new MalformedInputError('The cursor is not valid for this listing', [
    { path: 'cursor', message: 'The run this cursor pages through is not available' },
  ]);

/**
 * A stored item as `audience` may see it (`docs/disclosure-control.md`). An item stored before
 * disclosure control has no pattern: every cell that could be suppressed is then C (fail closed).
 */
export function served(
  { position: _position, confStatus, ...item }: StoredItem,
  audience: IndicatorAudience,
): PublishedItem {
  return publishedItem(item, confStatus ?? failClosedPattern(item), audience);
}

/** The granularity a period is written in: `2026-09` a month, `2026-Q3` a quarter, `2026` a year. */
export function granularityOfPeriod(period: string): 'month' | 'quarter' | 'year' {
  if (period.includes('Q')) return 'quarter';
  return period.length === 4 ? 'year' : 'month';
}

/**
 * The filters with the granularity a period implies: items are keyed granularity first, so a
 * period alone narrows the key range to that period instead of filtering the whole run.
 */
function keyedFilters(filters: ItemFilters): ItemFilters {
  if (filters.period === undefined || filters.granularity !== undefined) return filters;
  return { ...filters, granularity: granularityOfPeriod(filters.period) };
}

export class IndicatorReader {
  constructor(private readonly runs: IndicatorRunStore) {}

  /**
   * `GET /indicators`: the latest published run's items matching the filters (empty before any run),
   * one bounded page: a page may hold fewer items than `limit` and still have a `nextCursor`.
   * A cursor pins the run it was issued for, so a client paging through while a newer run
   * publishes finishes the run it started on rather than mixing two runs or being refused.
   */
  async latest(
    filters: ItemFilters,
    limit: number,
    cursor: string | undefined,
    audience: IndicatorAudience,
  ): Promise<IndicatorsPage> {
    const fingerprint = listingFingerprint('indicators', { ...filters });
    const resumed = cursor ? decodeCursor(fingerprint, cursor, isPinnedPosition) : undefined;
    const runId = resumed ? resumed.slice(0, runIdLength) : await this.runs.latestRunId();
    if (!runId) return { runId: null, computedAt: null, items: [], nextCursor: null };
    const run = await this.runs.get(runId);
    // Only a published run's cursor is ever issued; anything else is a forged or foreign cursor.
    if (resumed && run?.state !== 'published') throw staleCursor();
    const { items, after } = await this.runs.items(runId, {
      ...keyedFilters(filters),
      limit,
      after: resumed?.slice(runIdLength + 1),
    });
    return {
      runId,
      computedAt: run?.finishedAt ?? null,
      items: items.map((item) => served(item, audience)),
      nextCursor: after ? encodeCursor(fingerprint, `${runId}/${after}`) : null,
    };
  }

  /** `GET /indicators/runs`: runs, newest first. */
  async list(limit: number, cursor?: string): Promise<Page<IndicatorRun>> {
    const fingerprint = listingFingerprint('runs', {});
    const before = cursor ? decodeCursor(fingerprint, cursor, (a) => runIdPattern.test(a)) : undefined;
    const [{ runs, more }, latestRunId] = await Promise.all([
      this.runs.list(limit, before),
      this.runs.latestRunId(),
    ]);
    const last = runs.at(-1);
    return {
      items: runs.map((run) => withCurrentRetention(run, latestRunId)),
      nextCursor: more && last ? encodeCursor(fingerprint, last.runId) : null,
    };
  }

  /** `GET /indicators/runs/{runId}`: the run, and its items a page at a time. */
  async run(
    runId: string,
    limit: number,
    cursor: string | undefined,
    audience: IndicatorAudience,
  ): Promise<IndicatorRun & { items: readonly PublishedItem[]; nextCursor: string | null }> {
    const run = runIdPattern.test(runId) ? await this.runs.get(runId) : undefined;
    if (!run) throw new NotFoundError('No run with this id');
    // Only a published run's items are served: a running or failed run may be half-written.
    if (run.state !== 'published') return { ...run, items: [], nextCursor: null };
    return { ...run, ...(await this.itemsOf(runId, {}, limit, cursor, audience)) };
  }

  private async itemsOf(
    runId: string,
    filters: ItemFilters,
    limit: number,
    cursor: string | undefined,
    audience: IndicatorAudience,
  ) {
    const fingerprint = listingFingerprint('indicator-items', { runId, ...filters });
    const after = cursor ? decodeCursor(fingerprint, cursor, isPosition) : undefined;
    const query: ItemQuery = { ...keyedFilters(filters), limit, after };
    const page = await this.runs.items(runId, query);
    return {
      items: page.items.map((item) => served(item, audience)),
      nextCursor: page.after ? encodeCursor(fingerprint, page.after) : null,
    };
  }
}
