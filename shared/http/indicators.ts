/** HTTP shapes of the indicator reads: the query and the long CSV. */
import * as z from 'zod/mini';
import type { IndicatorItem } from '../domain/indicators/compute.ts';
import { toCsv } from './csv.ts';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** An indicator period: a month `2026-09`, a quarter `2026-Q3` or a year `2026`. */
export const periodPattern = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/;

/** `GET /indicators` query. */
export const indicatorsQuerySchema = z
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
  );

/** The CSV's columns, in their fixed order. */
export const indicatorCsvColumns = [
  'run_id',
  'granularity',
  'period',
  'slice',
  'key',
  'indicator',
  'component',
  'value',
  'conf_status',
];

/**
 * One CSV row per number: object-valued indicators give a row per component; nulls are empty cells.
 * `conf_status` is the cell's SDMX confidentiality code (`docs/disclosure-control.md`): `F` free,
 * `C` or `D` suppressed (then the public's value is empty; a caller with a token sees it).
 */
export function indicatorCsvRows(runId: string, items: readonly IndicatorItem[]): unknown[][] {
  const rows: unknown[][] = [];
  for (const item of items) {
    const base = [runId, item.granularity, item.period, item.slice, item.key];
    const status = (cell: string) => item.confStatus?.[cell] ?? 'F';
    for (const [name, value] of Object.entries(item.indicators)) {
      if (value !== null && typeof value === 'object') {
        for (const [component, componentValue] of Object.entries(value))
          rows.push([...base, name, component, componentValue ?? '', status(`${name}.${component}`)]);
      } else {
        rows.push([...base, name, '', value ?? '', status(name)]);
      }
    }
  }
  return rows;
}

/** The CSV text of a page of items (header row included). */
export function indicatorsCsv(runId: string | null, items: readonly IndicatorItem[]): string {
  return toCsv(indicatorCsvColumns, runId ? indicatorCsvRows(runId, items) : []);
}
