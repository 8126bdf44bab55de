/**
 * What the dashboard shows, from the API's items: the view's state (kept in the URL), the slice
 * choices, the headline cards and the chart series. Pure functions, no DOM: the numbers are the
 * API's, only picked, ordered and labelled here.
 */
import { isMessageKey, type Translator } from '../../../shared/i18n/catalogue.ts';
import type { ConfCode, Granularity, IndicatorItem, Indicators, Slice } from './api.ts';
import type { Formatter, NumberKind } from './format.ts';

export const granularities: readonly Granularity[] = ['year', 'quarter', 'month'];
export const slices: readonly Slice[] = ['all', 'host_country', 'technology', 'program'];

/** A granularity's name in the reader's language. */
export function granularityLabel(t: Translator, granularity: Granularity): string {
  return t(`granularity.${granularity}`);
}

/** A slice's name in the reader's language. */
export function sliceLabel(t: Translator, slice: Slice): string {
  return t(`slice.${slice}`);
}

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

/**
 * The query string of a view (only what differs from the default), keeping a `lang` the reader's
 * link carried so that a reload shows the same language.
 */
export function searchOfView(view: ViewState, language?: string): string {
  const params = new URLSearchParams();
  params.set('granularity', view.granularity);
  if (view.period) params.set('period', view.period);
  if (view.slice !== 'all') {
    params.set('slice', view.slice);
    params.set('key', view.key);
  }
  if (language) params.set('lang', language);
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

/** A value as the reader sees it: the number (null when suppressed or not available) and why it is missing. */
export interface ShownValue {
  readonly kind: NumberKind;
  readonly value: number | null;
  /** Set when the value is suppressed (the API's `confStatus`). */
  readonly conf?: ConfCode;
}

/** A headline card: the value for the period, and how it moved since the previous one. */
export interface Card extends ShownValue {
  readonly id: string;
  /** The indicator's name, from the same catalogue entries as `docs/indicators.md`. */
  readonly title: string;
  /** The indicator's definition (the card title's tooltip), from the same entries. */
  readonly definition: string;
  /** The change, written out ("+12%", "−3 pp"), or null when there is nothing to compare with. */
  readonly change: string | null;
  /** The sentence under the value: the change and where it comes from, or why there is none. */
  readonly changeText: string;
  /** Set when the change is not shown because a value it depends on is suppressed. */
  readonly changeConf?: ConfCode;
  /** Lines under the value. */
  readonly detail: readonly (ShownValue & { readonly id: string; readonly label: string })[];
}

/** The confidentiality code of one value of an item (`indicator` or `indicator.component`), if suppressed. */
export function confOf(item: IndicatorItem | undefined, path: string): ConfCode | undefined {
  const code = item?.confStatus?.[path];
  return code === 'C' || code === 'D' ? code : undefined;
}

function shown(kind: NumberKind, value: number | null, conf: ConfCode | undefined): ShownValue {
  return conf ? { kind, value, conf } : { kind, value };
}

/**
 * (this − previous) / previous of two published values, the same formula as the API's
 * `growth_vs_previous`; null when either is missing or previous is 0.
 */
function relativeChange(current: number | null, previous: number | null | undefined): number | null {
  if (current === null || previous === null || previous === undefined || previous === 0) return null;
  return (current - previous) / previous;
}

type NumericIndicator = {
  [Name in keyof Indicators]-?: Exclude<Indicators[Name], undefined> extends number | null ? Name : never;
}[keyof Indicators];

/**
 * The headline cards of one item, with the previous period's item (if the run has one). A
 * suppressed value stays null with its code; a change computed from one is not shown, and says why.
 */
export function headlineCards(
  item: IndicatorItem,
  previous: IndicatorItem | undefined,
  f: Formatter,
): Card[] {
  const { t } = f;
  const i = item.indicators;
  const p = previous?.indicators;
  const describe = (
    change: string | null,
    changeConf: ConfCode | undefined,
    note: 'dashboard.change.published' | 'dashboard.change.vsPrevious' | 'dashboard.change.points',
  ) => {
    if (changeConf) return { change: null, changeConf, changeText: t('dashboard.change.suppressed') };
    if (change === null) return { change, changeText: t('dashboard.change.none') };
    return { change, changeText: t(note, { change }) };
  };
  /** A change against the previous period computed here: suppressed when either value is. */
  const compared = (name: NumericIndicator) =>
    describe(
      f.growth(relativeChange(i[name] ?? null, p?.[name])),
      confOf(item, name) ?? confOf(previous, name),
      'dashboard.change.vsPrevious',
    );
  const published = (name: 'operating_capacity_mw' | 'emission_reductions_tco2e') =>
    describe(
      f.growth(i.growth_vs_previous[name]),
      confOf(item, `growth_vs_previous.${name}`),
      'dashboard.change.published',
    );
  const coverageConf = confOf(item, 'reporting_coverage') ?? confOf(previous, 'reporting_coverage');
  const coverageChange =
    i.reporting_coverage !== null && p && p.reporting_coverage !== null && p.reporting_coverage !== undefined
      ? i.reporting_coverage - p.reporting_coverage
      : null;
  return [
    {
      id: 'capacity',
      title: t('indicator.operating_capacity_mw.name'),
      definition: t('indicator.operating_capacity_mw.definition'),
      ...shown('mw', i.operating_capacity_mw, confOf(item, 'operating_capacity_mw')),
      ...published('operating_capacity_mw'),
      detail: [],
    },
    {
      id: 'reductions',
      title: t('indicator.emission_reductions_tco2e.name'),
      definition: t('indicator.emission_reductions_tco2e.definition'),
      ...shown('tco2e', i.emission_reductions_tco2e, confOf(item, 'emission_reductions_tco2e')),
      ...published('emission_reductions_tco2e'),
      detail: [
        {
          id: 'verified_share',
          label: t('indicator.verified_share.name'),
          ...shown('percent', i.verified_share, confOf(item, 'verified_share')),
        },
        {
          id: 'verified_reductions_tco2e',
          label: t('dashboard.card.verified'),
          ...shown('tco2e', i.verified_reductions_tco2e, confOf(item, 'verified_reductions_tco2e')),
        },
      ],
    },
    {
      id: 'investment',
      title: t('dashboard.card.investment'),
      definition: t('indicator.investment_committed_usd.definition'),
      ...shown('usd', i.investment_committed_usd, confOf(item, 'investment_committed_usd')),
      ...compared('investment_committed_usd'),
      detail: [
        {
          id: 'investment_cumulative_usd',
          label: t('dashboard.card.cumulative'),
          ...shown('usd', i.investment_cumulative_usd, confOf(item, 'investment_cumulative_usd')),
        },
      ],
    },
    {
      id: 'productivity',
      title: t('indicator.carbon_productivity_tco2e_per_musd.name'),
      definition: t('indicator.carbon_productivity_tco2e_per_musd.definition'),
      ...shown(
        'productivity',
        i.carbon_productivity_tco2e_per_musd,
        confOf(item, 'carbon_productivity_tco2e_per_musd'),
      ),
      ...compared('carbon_productivity_tco2e_per_musd'),
      detail: [],
    },
    {
      id: 'coverage',
      title: t('indicator.reporting_coverage.name'),
      definition: t('indicator.reporting_coverage.definition'),
      ...shown('percent', i.reporting_coverage, confOf(item, 'reporting_coverage')),
      ...describe(f.pointChange(coverageChange), coverageConf, 'dashboard.change.points'),
      detail: [],
    },
  ];
}

/** One chart's numbers: a label per point and one or more named series; null values are gaps. */
export interface ChartSeries {
  /** The API's key of each point (period, technology, direction, country). */
  readonly keys: readonly string[];
  readonly labels: readonly string[];
  readonly datasets: readonly {
    readonly label: string;
    readonly values: readonly (number | null)[];
    /** The confidentiality code of each point (undefined where the value is free). */
    readonly conf: readonly (ConfCode | undefined)[];
  }[];
  /** Set when the whole breakdown is suppressed (the object-valued indicator itself is null). */
  readonly wholeConf?: ConfCode;
}

/** The points of a series that are suppressed, named for the chart's note ("Verified reductions in 2024"). */
export function suppressedPoints(series: ChartSeries, t: Translator): { label: string; conf: ConfCode }[] {
  const points: { label: string; conf: ConfCode }[] = [];
  for (const dataset of series.datasets) {
    dataset.conf.forEach((conf, index) => {
      if (conf) {
        const label = series.labels[index] ?? series.keys[index] ?? '';
        const named =
          series.datasets.length > 1
            ? t('suppression.point', { point: label, series: dataset.label })
            : label;
        points.push({ label: named, conf });
      }
    });
  }
  return points;
}

/** A series over time from the slice's items; `indicator` names the value in `confStatus`. */
export function seriesOverTime(
  items: readonly IndicatorItem[],
  datasets: readonly {
    readonly label: string;
    readonly indicator: NumericIndicator;
  }[],
  periodLabel: (period: string) => string = (period) => period,
): ChartSeries {
  const ordered = byPeriod(items);
  const periods = ordered.map((item) => item.period);
  return {
    keys: periods,
    labels: periods.map(periodLabel),
    datasets: datasets.map(({ label, indicator }) => ({
      label,
      // Runs computed before an indicator existed do not have it: a gap, like a missing value.
      values: ordered.map((item) => item.indicators[indicator] ?? null),
      conf: ordered.map((item) => confOf(item, indicator)),
    })),
  };
}

/**
 * Expected reductions against what the projects that state a target achieved, over time. The API
 * publishes the expected reductions and their ratio (`reductions_vs_expected`), not the achieved
 * amount itself, so it is the ratio times the expected reductions (to 3 decimals, as the API's
 * amounts): suppressed when either is, with the worse code (`docs/dashboard.md`).
 */
export function achievedVsExpected(
  items: readonly IndicatorItem[],
  labels: { readonly expected: string; readonly achieved: string },
  periodLabel: (period: string) => string = (period) => period,
): ChartSeries {
  const ordered = byPeriod(items);
  const periods = ordered.map((item) => item.period);
  const achievedConf = (item: IndicatorItem) => {
    const codes = [confOf(item, 'reductions_vs_expected'), confOf(item, 'expected_reductions_tco2e')];
    return codes.includes('C') ? 'C' : codes.includes('D') ? 'D' : undefined;
  };
  const achieved = (item: IndicatorItem) => {
    const { reductions_vs_expected: ratio, expected_reductions_tco2e: expected } = item.indicators;
    return typeof ratio !== 'number' || typeof expected !== 'number'
      ? null
      : Math.round(ratio * expected * 1000) / 1000;
  };
  return {
    keys: periods,
    labels: periods.map(periodLabel),
    datasets: [
      {
        label: labels.expected,
        values: ordered.map((item) => item.indicators.expected_reductions_tco2e ?? null),
        conf: ordered.map((item) => confOf(item, 'expected_reductions_tco2e')),
      },
      {
        label: labels.achieved,
        values: ordered.map(achieved),
        conf: ordered.map(achievedConf),
      },
    ],
  };
}

/**
 * A breakdown from an object-valued indicator (directions, countries), largest first, suppressed
 * components last. `conf` gives each component's code; `wholeConf` is set when the object is null.
 */
export function breakdown(
  components: Readonly<Record<string, number | null>> | null,
  label: string,
  labelOf: (key: string) => string = (key) => key,
  conf: (key: string) => ConfCode | undefined = () => undefined,
  wholeConf?: ConfCode,
): ChartSeries {
  const entries = Object.entries(components ?? {}).sort(
    ([ka, a], [kb, b]) =>
      (a === null ? 1 : 0) - (b === null ? 1 : 0) || (b ?? 0) - (a ?? 0) || ka.localeCompare(kb),
  );
  return {
    keys: entries.map(([key]) => key),
    labels: entries.map(([key]) => labelOf(key)),
    datasets: [{ label, values: entries.map(([, value]) => value), conf: entries.map(([key]) => conf(key)) }],
    ...(components === null && wholeConf ? { wholeConf } : {}),
  };
}

/** A technology's display name (the API's value when the catalogue has no name for it). */
export function technologyName(t: Translator, key: string): string {
  const messageKey = `technology.${key}`;
  return isMessageKey(messageKey) ? t(messageKey) : key;
}

/** A key of the direction breakdown (`JP→US`) with country names. */
export function directionName(f: Formatter, key: string): string {
  const [investor, host, ...rest] = key.split('→');
  if (!investor || !host || rest.length > 0) return key;
  return f.t('dashboard.direction', { investor: f.country(investor), host: f.country(host) });
}

/** A key of the attribution breakdown: a country's name, or the catalogue's word for `unattributed`. */
export function participantName(f: Formatter, key: string): string {
  return key === 'unattributed' ? f.t('dashboard.unattributed') : f.country(key);
}

/** How a (slice, key) reads in the filter and the headings. */
export function sliceName(f: Formatter, slice: Slice, key: string): string {
  if (slice === 'all') return sliceLabel(f.t, 'all');
  const shownKey =
    slice === 'technology' ? technologyName(f.t, key) : slice === 'host_country' ? f.country(key) : key;
  return f.t('slice.named', { slice: sliceLabel(f.t, slice), key: shownKey });
}
