/**
 * The long table of a run's indicators: one row per number. Its columns are defined once, here,
 * with their types and meanings; the CSV the API serves (`GET /indicators?format=csv`) writes
 * these columns in this order, and a release's Table Schema (`docs/releases.md`) is generated from
 * the same list, so the file and its description cannot disagree.
 */
import { ulidCharacters } from '../ids.ts';
import { type IndicatorItem, indicatorGranularities, indicatorNames, indicatorSlices } from './compute.ts';

/** A Table Schema field type, as far as this table uses them. */
export type TableFieldType = 'string' | 'number';

/** One column of the long table, with what a Table Schema needs to describe it. */
export interface TableField {
  readonly name: string;
  readonly type: TableFieldType;
  readonly title: string;
  readonly description: string;
  /** Whether every row has a value (the empty cell is the only missing value). */
  readonly required: boolean;
  /** The only values the column takes, when it is closed. */
  readonly values?: readonly string[];
  /** A regular expression every value matches. */
  readonly pattern?: string;
  /** What the number is measured in, when the column has a unit of its own or one per row. */
  readonly unit?: string;
}

/** The codes of `conf_status` (SDMX confidentiality status, `docs/disclosure-control.md`). */
export const confStatusCodes = ['F', 'C', 'D'] as const;

/** The columns of the long table, in their fixed order. */
export const indicatorTableFields: readonly TableField[] = [
  {
    name: 'run_id',
    type: 'string',
    title: 'Run',
    description: 'The indicator run the row belongs to (a ULID; every row of a file has the same one).',
    required: true,
    pattern: `^${ulidCharacters}$`,
  },
  {
    name: 'granularity',
    type: 'string',
    title: 'Granularity',
    description: 'The length of the period: a calendar month, quarter or year.',
    required: true,
    values: indicatorGranularities,
  },
  {
    name: 'period',
    type: 'string',
    title: 'Period',
    description:
      'The period: a month `2026-09`, a quarter `2026-Q3` or a year `2026`. The quarter and year that contain the last complete month cover their months up to it.',
    required: true,
    pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$',
  },
  {
    name: 'slice',
    type: 'string',
    title: 'Slice',
    description:
      'The dimension the projects are grouped by: `all` (every project), host country, technology or program.',
    required: true,
    values: indicatorSlices,
  },
  {
    name: 'key',
    type: 'string',
    title: 'Key',
    description:
      'The group within the slice: `all` for the `all` slice, else an ISO 3166-1 alpha-2 country code, a technology or a program.',
    required: true,
  },
  {
    name: 'indicator',
    type: 'string',
    title: 'Indicator',
    description: 'The indicator (definitions and units in the `indicators` list of this schema).',
    required: true,
    values: indicatorNames,
  },
  {
    name: 'component',
    type: 'string',
    title: 'Component',
    description:
      'For an indicator whose value is an object, the component (a lifecycle status, an investment direction `JP->US`, a country or `unattributed`); empty for a single-number indicator.',
    required: false,
  },
  {
    name: 'value',
    type: 'number',
    title: 'Value',
    description:
      'The number, in the unit of its indicator. Empty when the indicator is not defined for the group (e.g. a ratio over 0) or when disclosure control suppresses it (then `conf_status` is `C` or `D`).',
    required: false,
    unit: 'the unit of the row’s indicator',
  },
  {
    name: 'conf_status',
    type: 'string',
    title: 'Confidentiality status',
    description:
      'SDMX confidentiality status of the value: `F` free, `C` suppressed because of few or dominant contributors, `D` suppressed so that a `C` value cannot be derived from others.',
    required: true,
    values: confStatusCodes,
  },
];

/** The long table's column names, in order. */
export const indicatorTableColumns: readonly string[] = indicatorTableFields.map((field) => field.name);

/** The columns that identify a row within a run (its primary key together with `run_id`). */
export const indicatorTableKey: readonly string[] = [
  'run_id',
  'granularity',
  'period',
  'slice',
  'key',
  'indicator',
  'component',
];

/**
 * One row per number, in the columns' order: object-valued indicators give a row per component;
 * nulls are empty cells. `conf_status` is the cell's SDMX confidentiality code
 * (`docs/disclosure-control.md`): `F` free, `C` or `D` suppressed (then the public's value is
 * empty; a caller with a token sees it).
 */
export function indicatorTableRows(runId: string, items: readonly IndicatorItem[]): unknown[][] {
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
