/** The public reads of indicators: the latest published run's items, the runs, one run. */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { NotFoundError } from '../errors.ts';
import type { IndicatorItem } from '../indicators/compute.ts';
import type { Page } from '../pagination.ts';
import type { IndicatorRunStore, ItemQuery } from './ports.ts';
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
  readonly items: readonly IndicatorItem[];
  readonly nextCursor: string | null;
}

const runIdPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const isPosition = (value: string) => value.startsWith('ITEM#') && value.length < 300;

export class IndicatorReader {
  constructor(private readonly runs: IndicatorRunStore) {}

  /** `GET /indicators`: the latest published run's items matching the filters (empty before any run). */
  async latest(filters: ItemFilters, limit: number, cursor?: string): Promise<IndicatorsPage> {
    const runId = await this.runs.latestRunId();
    if (!runId) return { runId: null, computedAt: null, items: [], nextCursor: null };
    const run = await this.runs.get(runId);
    // The cursor is bound to the run, so paging never mixes two runs' items.
    const page = await this.itemsOf(runId, filters, limit, cursor);
    return { runId, computedAt: run?.finishedAt ?? null, ...page };
  }

  /** `GET /indicators/runs`: runs, newest first. */
  async list(limit: number, cursor?: string): Promise<Page<IndicatorRun>> {
    const fingerprint = listingFingerprint('runs', {});
    const before = cursor ? decodeCursor(fingerprint, cursor, (a) => runIdPattern.test(a)) : undefined;
    const { runs, more } = await this.runs.list(limit, before);
    const last = runs.at(-1);
    return { items: runs, nextCursor: more && last ? encodeCursor(fingerprint, last.runId) : null };
  }

  /** `GET /indicators/runs/{runId}`: the run, and its items a page at a time. */
  async run(
    runId: string,
    limit: number,
    cursor?: string,
  ): Promise<IndicatorRun & { items: readonly IndicatorItem[]; nextCursor: string | null }> {
    const run = runIdPattern.test(runId) ? await this.runs.get(runId) : undefined;
    if (!run) throw new NotFoundError('No run with this id');
    // Only a published run's items are served: a running or failed run may be half-written.
    if (run.state !== 'published') return { ...run, items: [], nextCursor: null };
    return { ...run, ...(await this.itemsOf(runId, {}, limit, cursor)) };
  }

  private async itemsOf(runId: string, filters: ItemFilters, limit: number, cursor?: string) {
    const fingerprint = listingFingerprint('indicator-items', { runId, ...filters });
    const after = cursor ? decodeCursor(fingerprint, cursor, isPosition) : undefined;
    const query: ItemQuery = { ...filters, limit, after };
    const { items, more } = await this.runs.items(runId, query);
    const last = items.at(-1);
    return {
      items: items.map(({ position: _position, ...item }) => item),
      nextCursor: more && last ? encodeCursor(fingerprint, last.position) : null,
    };
  }
}
