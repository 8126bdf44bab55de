/** HTTP shapes of the indicator reads: the query and the long CSV. */
import * as z from 'zod/mini';
import type { IndicatorItem } from '../domain/indicators/compute.ts';
import { indicatorTableColumns, indicatorTableRows } from '../domain/indicators/table.ts';
import { built } from '../domain/pure.ts';
import { toCsv } from './csv.ts';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** An indicator period: a month `2026-09`, a quarter `2026-Q3` or a year `2026`. */
export const periodPattern = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/;

/** `GET /indicators` query. */
export const indicatorsQuerySchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      granularity: z.optional(z.enum(['month', 'quarter', 'year'])),
      period: z.optional(
        z.string().check(z.regex(periodPattern, 'Must be a period: 2026-09, 2026-Q3 or 2026')),
      ),
      slice: z.optional(z.enum(['all', 'host_country', 'technology', 'program'])),
      key: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
      format: z.optional(z.enum(['json', 'csv'])),
      ...pageQuery,
    })
    .check(
      z.superRefine((query, ctx) => {
        if (!query.period || !query.granularity) return;
        const granularityOfPeriod = query.period.includes('Q')
          ? 'quarter'
          : query.period.length === 4
            ? 'year'
            : 'month';
        if (granularityOfPeriod !== query.granularity) {
          ctx.addIssue({
            code: 'custom',
            path: ['period'],
            message: `A ${query.granularity} period looks like ${{ month: '2026-09', quarter: '2026-Q3', year: '2026' }[query.granularity]}`,
          });
        }
      }),
    ),
);

/** The CSV's columns, in their fixed order (defined once, with their meanings, in the domain's long table). */
export const indicatorCsvColumns: readonly string[] = indicatorTableColumns;

/** One CSV row per number (`indicatorTableRows`). */
export const indicatorCsvRows = indicatorTableRows;

/** The CSV text of a page of items (header row included). */
export function indicatorsCsv(runId: string | null, items: readonly IndicatorItem[]): string {
  return toCsv(indicatorCsvColumns, runId ? indicatorCsvRows(runId, items) : []);
}
