/**
 * An intruder with the anonymous output of a run: it knows every published value, and tries every
 * derivation the API's dimensions allow, chained until nothing new comes out (a fixed point):
 *
 * - keys of `host_country` and `technology` against `all`;
 * - components against their total (`investment_by_direction_usd` → `investment_committed_usd`,
 *   `attributed_reductions_tco2e` → `emission_reductions_tco2e`), and baseline = project + reductions;
 * - months against their quarter and year, quarters against the year; stocks of a quarter or year
 *   against their last month;
 * - cumulative(t) − cumulative(t − 1) = flow(t) (and cumulative of the first period = its flow);
 * - ratios against their inputs: growth × previous, verified share × reductions, intensity ×
 *   generation (giving the emissions behind it), carbon productivity × cumulative investment (giving
 *   cumulative reductions), disbursement ratio × cumulative investment (giving cumulative
 *   disbursements), reductions vs expected × expected reductions (giving the reductions of the
 *   projects with a target), generation vs expected (tying their generation to the expected
 *   generation, neither published); a published null ratio tells that its denominator is 0.
 *
 * Every derivation from a ratio is taken as exact (the published ratio has 6 decimals; in practice
 * it often is), so the intruder is stronger than a real one. It is written from the published
 * shapes alone and shares no code with the suppression it attacks.
 */
import type { IndicatorItem } from '../../../../shared/domain/indicators/compute.ts';

type AnonymousItem = IndicatorItem & { confStatus: Record<string, 'C' | 'D'> };

/** Hidden amounts the ratios expose. */
export const cumulativeReductions = 'cumulative_reductions (behind carbon productivity)';
export const intensityEmissions = 'intensity_emissions (behind emissions intensity)';
export const targetedReductions = 'targeted_reductions (behind reductions vs expected)';
export const targetedGeneration = 'targeted_generation (behind generation vs expected)';
export const expectedGeneration = 'expected_generation (behind generation vs expected)';

const amounts = [
  'operating_capacity_mw',
  'capacity_added_mw',
  'investment_committed_usd',
  'investment_cumulative_usd',
  'generation_mwh',
  'project_emissions_tco2e',
  'baseline_emissions_tco2e',
  'emission_reductions_tco2e',
  'verified_reductions_tco2e',
  'investment_disbursed_usd',
  'investment_disbursed_cumulative_usd',
  'expected_reductions_tco2e',
];
const stocks = new Set([
  'operating_capacity_mw',
  'investment_cumulative_usd',
  cumulativeReductions,
  'investment_disbursed_cumulative_usd',
]);
const objects = ['investment_by_direction_usd', 'attributed_reductions_tco2e'];

/** A cell as the intruder names it: `<item index>|<name>`. */
const cell = (item: number, name: string) => `${item}|${name}`;

export interface Intrusion {
  /** Every cell the intruder knows exactly in the end, published or derived. */
  readonly known: ReadonlySet<string>;
  /** Cells it derived (not published). */
  readonly derived: ReadonlySet<string>;
}

/** Runs every derivation on the anonymous items until nothing new is learnt. */
export function attack(items: readonly AnonymousItem[]): Intrusion {
  const known = new Set<string>();
  const derived = new Set<string>();
  const names: string[][] = items.map(() => []);
  const at = new Map<string, number>();
  items.forEach((item, i) => {
    at.set(`${item.granularity}|${item.period}|${item.slice}|${item.key}`, i);
    const list = names[i] as string[];
    for (const name of amounts) {
      list.push(name);
      if (item.indicators[name as keyof IndicatorItem['indicators']] !== null) known.add(cell(i, name));
    }
    for (const object of objects) {
      const value = item.indicators[object as keyof IndicatorItem['indicators']] as Record<
        string,
        number | null
      >;
      for (const [component, v] of Object.entries(value)) {
        list.push(`${object}.${component}`);
        if (v !== null) known.add(cell(i, `${object}.${component}`));
      }
    }
    list.push(
      cumulativeReductions,
      intensityEmissions,
      targetedReductions,
      targetedGeneration,
      expectedGeneration,
    );
  });

  const relations: string[][] = [];
  const relate = (cells: (string | undefined)[]) => {
    const present = cells.filter((c): c is string => c !== undefined);
    if (present.length >= 2) relations.push(present);
  };
  const find = (g: string, p: string, s: string, k: string) => at.get(`${g}|${p}|${s}|${k}`);
  const cellIf = (i: number | undefined, name: string) =>
    i !== undefined && names[i]?.includes(name) ? cell(i, name) : undefined;

  const bySlice = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.granularity}|${item.period}|${item.slice}`;
    bySlice.set(key, [...(bySlice.get(key) ?? []), i]);
  });
  items.forEach((item, i) => {
    const own = names[i] as string[];
    if (item.slice === 'all') {
      for (const slice of ['host_country', 'technology']) {
        const keys = bySlice.get(`${item.granularity}|${item.period}|${slice}`) ?? [];
        for (const name of own) relate([cell(i, name), ...keys.map((j) => cellIf(j, name))]);
      }
    }
    for (const [total, object] of [
      ['investment_committed_usd', 'investment_by_direction_usd.'],
      ['emission_reductions_tco2e', 'attributed_reductions_tco2e.'],
    ]) {
      const components = own.filter((n) => n.startsWith(object as string));
      if (components.length > 0) relate([cell(i, total as string), ...components.map((n) => cell(i, n))]);
    }
    relate([
      cell(i, 'baseline_emissions_tco2e'),
      cell(i, 'project_emissions_tco2e'),
      cell(i, 'emission_reductions_tco2e'),
    ]);
    if (item.granularity !== 'month') {
      const year = item.period.slice(0, 4);
      const q = item.granularity === 'quarter' ? Number(item.period.slice(6)) : 0;
      const monthNumbers =
        q === 0 ? [...Array(12).keys()].map((m) => m + 1) : [1, 2, 3].map((m) => (q - 1) * 3 + m);
      const months = monthNumbers
        .map((m) => find('month', `${year}-${String(m).padStart(2, '0')}`, item.slice, item.key))
        .filter((j): j is number => j !== undefined);
      const quarters = [1, 2, 3, 4]
        .map((n) => find('quarter', `${year}-Q${n}`, item.slice, item.key))
        .filter((j): j is number => j !== undefined);
      for (const name of own) {
        if (stocks.has(name)) {
          relate([cell(i, name), cellIf(months.at(-1), name)]);
        } else {
          relate([cell(i, name), ...months.map((j) => cellIf(j, name))]);
          if (item.granularity === 'year') relate([cell(i, name), ...quarters.map((j) => cellIf(j, name))]);
        }
      }
    }
  });

  // Each series in period order: cumulative relations, and the growth pairs.
  const series = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.slice}|${item.key}|${item.granularity}`;
    series.set(key, [...(series.get(key) ?? []), i]);
  });
  const previous = new Map<number, number>();
  for (const list of series.values()) {
    list.sort((a, b) => ((items[a] as AnonymousItem).period < (items[b] as AnonymousItem).period ? -1 : 1));
    list.forEach((i, position) => {
      const before = position > 0 ? list[position - 1] : undefined;
      if (before !== undefined) previous.set(i, before);
      for (const [stock, flow] of [
        ['investment_cumulative_usd', 'investment_committed_usd'],
        [cumulativeReductions, 'emission_reductions_tco2e'],
        ['investment_disbursed_cumulative_usd', 'investment_disbursed_usd'],
      ] as const) {
        relate([cell(i, stock), before === undefined ? undefined : cell(before, stock), cell(i, flow)]);
      }
    });
  }

  const learn = (c: string | undefined): boolean => {
    if (c === undefined || known.has(c)) return false;
    known.add(c);
    derived.add(c);
    return true;
  };
  /** A published (not suppressed) ratio `value = numerator / denominator`. */
  const ratio = (value: unknown, numerator: string, denominator: string): boolean => {
    if (value === undefined) return false;
    if (value === null) return learn(denominator);
    let learnt = false;
    if (known.has(denominator)) learnt = learn(numerator) || learnt;
    if (known.has(numerator) && value !== 0) learnt = learn(denominator) || learnt;
    return learnt;
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of relations) {
      const unknown = relation.filter((c) => !known.has(c));
      if (unknown.length === 1) changed = learn(unknown[0]) || changed;
    }
    items.forEach((item, i) => {
      const published = (name: string): unknown =>
        item.confStatus[name] ? undefined : item.indicators[name as keyof IndicatorItem['indicators']];
      changed =
        ratio(
          published('verified_share'),
          cell(i, 'verified_reductions_tco2e'),
          cell(i, 'emission_reductions_tco2e'),
        ) || changed;
      changed =
        ratio(
          published('emissions_intensity_tco2e_per_mwh'),
          cell(i, intensityEmissions),
          cell(i, 'generation_mwh'),
        ) || changed;
      changed =
        ratio(
          published('carbon_productivity_tco2e_per_musd'),
          cell(i, cumulativeReductions),
          cell(i, 'investment_cumulative_usd'),
        ) || changed;
      changed =
        ratio(
          published('disbursement_ratio'),
          cell(i, 'investment_disbursed_cumulative_usd'),
          cell(i, 'investment_cumulative_usd'),
        ) || changed;
      changed =
        ratio(
          published('reductions_vs_expected'),
          cell(i, targetedReductions),
          cell(i, 'expected_reductions_tco2e'),
        ) || changed;
      changed =
        ratio(
          published('generation_vs_expected'),
          cell(i, targetedGeneration),
          cell(i, expectedGeneration),
        ) || changed;
      const before = previous.get(i);
      const growth = item.indicators.growth_vs_previous as Record<string, number | null>;
      for (const name of ['operating_capacity_mw', 'generation_mwh', 'emission_reductions_tco2e']) {
        if (item.confStatus[`growth_vs_previous.${name}`] || before === undefined) continue;
        const g = growth[name];
        const current = cell(i, name);
        const prior = cell(before, name);
        if (g === null) changed = learn(prior) || changed;
        else if (known.has(prior)) changed = learn(current) || changed;
        else if (known.has(current) && g !== -1) changed = learn(prior) || changed;
      }
    });
  }
  return { known, derived };
}
