/**
 * What the dashboard shows, from the API's items: the view's state (kept in the URL), the slice
 * choices, the headline cards and the chart series. Pure functions, no DOM: the numbers are the
 * API's, only picked, ordered and labelled here.
 */
import type { Granularity, IndicatorItem, Slice } from './api.ts';
import { formatGrowth, formatPointChange, type NumberKind } from './format.ts';

export const granularities: readonly Granularity[] = ['year', 'quarter', 'month'];
export const slices: readonly Slice[] = ['all', 'host_country', 'technology', 'program'];

export const granularityLabels: Readonly<Record<Granularity, string>> = {
  year: 'Year',
  quarter: 'Quarter',
  month: 'Month',
};

export const sliceLabels: Readonly<Record<Slice, string>> = {
  all: 'All projects',
  host_country: 'Host country',
  technology: 'Technology',
  program: 'Program',
};

/** The view: which granularity, period and slice; `period` undefined means the latest. */
export interface ViewState {
  readonly granularity: Granularity;
  readonly period: string | undefined;
  readonly slice: Slice;
  readonly key: string;
}

export const defaultView: ViewState = { granularity: 'year', period: undefined, slice: 'all', key: 'all' };

const periodPatterns: Readonly<Record<Granularity, RegExp>> = {
  year: /^\d{4}$/,
  quarter: /^\d{4}-Q[1-4]$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
};

/** Reads the view from a query string; anything malformed falls back to the default. */
export function viewFromSearch(search: string): ViewState {
  const params = new URLSearchParams(search);
  const granularity = granularities.find((g) => g === params.get('granularity')) ?? defaultView.granularity;
  const periodParam = params.get('period') ?? '';
  const period = periodPatterns[granularity].test(periodParam) ? periodParam : undefined;
  const slice = slices.find((s) => s === params.get('slice')) ?? 'all';
  const keyParam = params.get('key') ?? '';
  // The API limits keys to 100 characters; an unknown key falls back to all projects once the run is read.
  const key = slice === 'all' ? 'all' : keyParam.length <= 100 ? keyParam : '';
  return key === '' ? { granularity, period, slice: 'all', key: 'all' } : { granularity, period, slice, key };
}

/** The query string of a view (only what differs from the default). */
export function searchOfView(view: ViewState): string {
  const params = new URLSearchParams();
  params.set('granularity', view.granularity);
  if (view.period) params.set('period', view.period);
  if (view.slice !== 'all') {
    params.set('slice', view.slice);
    params.set('key', view.key);
  }
  return `?${params.toString()}`;
}

/** The period before this one, of the same granularity. */
export function previousPeriod(granularity: Granularity, period: string): string {
  const year = Number(period.slice(0, 4));
  if (granularity === 'year') return String(year - 1);
  if (granularity === 'quarter') {
    const quarter = Number(period.slice(6));
    return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
  }
  const month = Number(period.slice(5));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The (slice, key) pairs the run has, grouped by slice, keys sorted. */
export function sliceChoices(items: readonly IndicatorItem[]): ReadonlyMap<Slice, readonly string[]> {
  const keys = new Map<Slice, Set<string>>(slices.map((slice) => [slice, new Set<string>()]));
  for (const item of items) keys.get(item.slice)?.add(item.key);
  return new Map([...keys].map(([slice, set]) => [slice, [...set].sort()]));
}

/** Items in period order (the period strings of one granularity sort as text). */
export function byPeriod(items: readonly IndicatorItem[]): IndicatorItem[] {
  return [...items].sort((a, b) => a.period.localeCompare(b.period));
}

/** A headline card: the value for the period, and how it moved since the previous one. */
export interface Card {
  readonly id: string;
  readonly title: string;
  readonly kind: NumberKind;
  readonly value: number | null;
  /** The change, written out ("+12%", "−3 pp"), or null when there is nothing to compare with. */
  readonly change: string | null;
  /** Where the change comes from, for the reader. */
  readonly changeNote: string;
  /** A second line under the value. */
  readonly detail: readonly {
    readonly label: string;
    readonly kind: NumberKind;
    readonly value: number | null;
  }[];
}

/**
 * (this − previous) / previous of two published values, the same formula as the API's
 * `growth_vs_previous`; null when either is missing or previous is 0.
 */
function relativeChange(current: number | null, previous: number | null | undefined): number | null {
  if (current === null || previous === null || previous === undefined || previous === 0) return null;
  return (current - previous) / previous;
}

/** The headline cards of one item, with the previous period's item (if the run has one). */
export function headlineCards(item: IndicatorItem, previous: IndicatorItem | undefined): Card[] {
  const i = item.indicators;
  const p = previous?.indicators;
  const coverageChange =
    i.reporting_coverage !== null && p && p.reporting_coverage !== null
      ? i.reporting_coverage - p.reporting_coverage
      : null;
  return [
    {
      id: 'capacity',
      title: 'Operating clean capacity',
      kind: 'mw',
      value: i.operating_capacity_mw,
      change: formatGrowth(i.growth_vs_previous.operating_capacity_mw),
      changeNote: 'growth vs previous period, as published',
      detail: [],
    },
    {
      id: 'reductions',
      title: 'Emission reductions',
      kind: 'tco2e',
      value: i.emission_reductions_tco2e,
      change: formatGrowth(i.growth_vs_previous.emission_reductions_tco2e),
      changeNote: 'growth vs previous period, as published',
      detail: [
        { label: 'Verified share', kind: 'percent', value: i.verified_share },
        { label: 'Verified', kind: 'tco2e', value: i.verified_reductions_tco2e },
      ],
    },
    {
      id: 'investment',
      title: 'Investment mobilised',
      kind: 'usd',
      value: i.investment_committed_usd,
      change: formatGrowth(relativeChange(i.investment_committed_usd, p?.investment_committed_usd)),
      changeNote: 'vs previous period',
      detail: [{ label: 'Cumulative', kind: 'usd', value: i.investment_cumulative_usd }],
    },
    {
      id: 'productivity',
      title: 'Carbon productivity',
      kind: 'productivity',
      value: i.carbon_productivity_tco2e_per_musd,
      change: formatGrowth(
        relativeChange(i.carbon_productivity_tco2e_per_musd, p?.carbon_productivity_tco2e_per_musd),
      ),
      changeNote: 'vs previous period',
      detail: [],
    },
    {
      id: 'coverage',
      title: 'Reporting coverage',
      kind: 'percent',
      value: i.reporting_coverage,
      change: formatPointChange(coverageChange),
      changeNote: 'vs previous period, in percentage points',
      detail: [],
    },
  ];
}

/** One chart's numbers: a label per point and one or more named series. */
export interface ChartSeries {
  /** The API's key of each point (period, technology, direction, country). */
  readonly keys: readonly string[];
  readonly labels: readonly string[];
  readonly datasets: readonly { readonly label: string; readonly values: readonly number[] }[];
}

/** A series over time from the slice's items. */
export function seriesOverTime(
  items: readonly IndicatorItem[],
  datasets: readonly { readonly label: string; readonly value: (item: IndicatorItem) => number }[],
): ChartSeries {
  const ordered = byPeriod(items);
  const periods = ordered.map((item) => item.period);
  return {
    keys: periods,
    labels: periods,
    datasets: datasets.map(({ label, value }) => ({ label, values: ordered.map(value) })),
  };
}

/** A breakdown from an object-valued indicator (directions, countries), largest first. */
export function breakdown(
  components: Readonly<Record<string, number>>,
  label: string,
  labelOf: (key: string) => string = (key) => key,
): ChartSeries {
  const entries = Object.entries(components).sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  return {
    keys: entries.map(([key]) => key),
    labels: entries.map(([key]) => labelOf(key)),
    datasets: [{ label, values: entries.map(([, value]) => value) }],
  };
}

const technologyNames: Readonly<Record<string, string>> = {
  solar_pv: 'Solar PV',
  wind_onshore: 'Onshore wind',
  wind_offshore: 'Offshore wind',
  hydro: 'Hydro',
  geothermal: 'Geothermal',
  bioenergy: 'Bioenergy',
  hydrogen: 'Hydrogen',
  ammonia: 'Ammonia',
  ccus: 'CCUS',
  nuclear: 'Nuclear',
  storage: 'Storage',
  grid: 'Grid',
  efficiency: 'Efficiency',
  other: 'Other',
};

/** A technology's display name (the API's value when it has no nicer one). */
export function technologyName(key: string): string {
  return technologyNames[key] ?? key;
}

/** How a (slice, key) reads in the filter and the headings. */
export function sliceName(slice: Slice, key: string): string {
  if (slice === 'all') return sliceLabels.all;
  return `${sliceLabels[slice]}: ${slice === 'technology' ? technologyName(key) : key}`;
}
