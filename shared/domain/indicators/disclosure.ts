/**
 * Statistical disclosure control of a run's indicators (`docs/disclosure-control.md`).
 *
 * A cell is one value of one item: an indicator, or one component of an object-valued one. From the
 * contributor statistics the computation gathers (`contributors.ts`), the job marks:
 *
 * - **C (primary)**: an amount cell with 1 to `minContributors − 1` contributors, or one whose
 *   largest contributor has more than 85% of the sum of absolute contributions (dominance rule
 *   (1, 85)); `reporting_coverage` when 1 to `minContributors − 1` projects operate.
 * - **D (secondary)**: further amount cells, so that in every published linear relation (slice keys
 *   against `all`, components against their total, baseline = project + reductions, months against
 *   their quarter and year, quarters against the year, stocks against their period-end month,
 *   cumulative against previous cumulative plus the period's flow) no suppressed cell stands alone:
 *   each relation holds none or at least two. Each round suppresses, in a relation holding exactly
 *   one, its cheapest other cell (smallest Σ|contribution|, cells with contributors first, then the
 *   first in item order), until no such relation is left.
 * - **Ratios** (`verified_share`, `emissions_intensity_tco2e_per_mwh`,
 *   `carbon_productivity_tco2e_per_musd`, `disbursement_ratio`, `reductions_vs_expected`,
 *   `generation_vs_expected`, each `growth_vs_previous` component) take the worst status of the
 *   amounts they are computed from (C before D), so a published ratio never lets one recompute a
 *   suppressed amount. The amounts behind ratios that are not published themselves
 *   (`~intensity_emissions`, `~cumulative_reductions`, `~targeted_reductions`, `~targeted_generation`,
 *   `~expected_generation`) are cells of the relations too, since the ratio times its published
 *   denominator gives them.
 *
 * `projects_by_status` is never suppressed. The pattern depends only on the run's items and their
 * statistics, in item order, so the same run always gives the same pattern.
 */
import type { IndicatorItem } from './compute.ts';
import {
  type CellStatistics,
  type ContributorStats,
  cumulativeReductionsCell,
  expectedGenerationCell,
  intensityEmissionsCell,
  targetedGenerationCell,
  targetedReductionsCell,
} from './contributors.ts';

/** SDMX `CONF_STATUS` codes of a suppressed cell: `C` confidential, `D` secondary. Free cells (`F`) are not listed. */
export type ConfStatus = 'C' | 'D';

/** The suppressed cells of one item, by `indicator` or `indicator.component`. */
export type ConfStatusMap = Record<string, ConfStatus>;

/** The version of these rules, named in a run's `calcVersion` with its parameters. */
export const disclosureRulesVersion = 'sdc-2026.2';

/** The smallest number of contributors a published amount may have; configurable upwards only. */
export const minimumContributorFloor = 3;

/** Dominance rule: a cell is unsafe when its largest contributor has more than this share (%) of Σ|contributions|. */
export const dominancePct = 85n;

export interface DisclosureOptions {
  /** At least 3 (the default). */
  readonly minContributors?: number;
  /** Secondary suppression on (the default); off only to show what it protects against. */
  readonly secondary?: boolean;
}

/**
 * The `calcVersion` part naming the disclosure rules a run's pattern was computed with.
 * @throws RangeError when `minContributors` is not an integer of at least 3
 */
export function disclosureCalcVersion(options: DisclosureOptions = {}): string {
  return `${disclosureRulesVersion}-n${checkedMinimum(options.minContributors)}-k${dominancePct}`;
}

function checkedMinimum(minContributors = minimumContributorFloor): number {
  if (!Number.isInteger(minContributors) || minContributors < minimumContributorFloor) {
    throw new RangeError(
      `The minimum number of contributors must be an integer of at least ${minimumContributorFloor}, not ${minContributors}`,
    );
  }
  return minContributors;
}

const free = 0;
const primary = 1;
const secondary = 2;
const codes = ['F', 'C', 'D'] as const;

/** Flows: quarters and years are sums of their months. */
const flowNames = new Set([
  'capacity_added_mw',
  'investment_committed_usd',
  'generation_mwh',
  'project_emissions_tco2e',
  'baseline_emissions_tco2e',
  'emission_reductions_tco2e',
  'verified_reductions_tco2e',
  intensityEmissionsCell,
  'investment_disbursed_usd',
  'expected_reductions_tco2e',
  expectedGenerationCell,
  targetedReductionsCell,
  targetedGenerationCell,
]);
/** Stocks: a quarter's and a year's value is that of their last month. */
const stockNames = new Set([
  'operating_capacity_mw',
  'investment_cumulative_usd',
  cumulativeReductionsCell,
  'investment_disbursed_cumulative_usd',
]);
const isFlow = (name: string) => flowNames.has(name) || name.includes('.');
const coverageCell = 'reporting_coverage';

/** Ratios and the amounts they are computed from. */
const ratioInputs: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['verified_share', ['verified_reductions_tco2e', 'emission_reductions_tco2e']],
  ['emissions_intensity_tco2e_per_mwh', [intensityEmissionsCell, 'generation_mwh']],
  ['carbon_productivity_tco2e_per_musd', [cumulativeReductionsCell, 'investment_cumulative_usd']],
  ['disbursement_ratio', ['investment_disbursed_cumulative_usd', 'investment_cumulative_usd']],
  ['reductions_vs_expected', [targetedReductionsCell, 'expected_reductions_tco2e']],
  ['generation_vs_expected', [targetedGenerationCell, expectedGenerationCell]],
];
const growthComponents = ['operating_capacity_mw', 'generation_mwh', 'emission_reductions_tco2e'] as const;

/** Components against their total, within one item. */
const componentTotals: ReadonlyArray<readonly [string, string]> = [
  ['investment_committed_usd', 'investment_by_direction_usd.'],
  ['emission_reductions_tco2e', 'attributed_reductions_tco2e.'],
];

/** Cumulative stocks and the flow that adds to them each period. */
const cumulativeFlows: ReadonlyArray<readonly [string, string]> = [
  ['investment_cumulative_usd', 'investment_committed_usd'],
  [cumulativeReductionsCell, 'emission_reductions_tco2e'],
  ['investment_disbursed_cumulative_usd', 'investment_disbursed_usd'],
];

/** The slices whose keys add up to `all` (a project is in exactly one host country and one technology). */
const partitionSlices = ['host_country', 'technology'] as const;

function isPrimary(stats: ContributorStats, minContributors: number, additive: boolean): boolean {
  if (stats.count > 0 && stats.count < minContributors) return true;
  return (
    additive && stats.sumAbs > 0n && BigInt(Math.trunc(stats.maxAbs)) * 100n > dominancePct * stats.sumAbs
  );
}

/** The months of a quarter (`2026-Q3` → `2026-07`…`2026-09`) or a year. */
function monthsOf(period: string): string[] {
  const year = period.slice(0, 4);
  const quarter = period.length === 7 ? Number(period.slice(6)) : 0;
  const months =
    quarter === 0 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [1, 2, 3].map((m) => (quarter - 1) * 3 + m);
  return months.map((m) => `${year}-${String(m).padStart(2, '0')}`);
}

/** The cells of a run, their relations, and their statuses, in flat arrays. */
class CellSystem {
  readonly cellIds: Map<string, number>[] = [];
  readonly costs: bigint[] = [];
  readonly empty: boolean[] = [];
  readonly relations: number[][] = [];
  status: Uint8Array = new Uint8Array(0);

  constructor(statistics: readonly CellStatistics[]) {
    for (const cells of statistics) {
      const ids = new Map<string, number>();
      for (const name of Object.keys(cells).sort()) {
        if (name === coverageCell) continue;
        const stats = cells[name] as ContributorStats;
        ids.set(name, this.costs.length);
        this.costs.push(stats.sumAbs);
        this.empty.push(stats.count === 0);
      }
      this.cellIds.push(ids);
    }
  }

  id(item: number, name: string): number | undefined {
    return this.cellIds[item]?.get(name);
  }

  relate(cells: ReadonlyArray<number | undefined>): void {
    const present = cells.filter((cell): cell is number => cell !== undefined);
    if (present.length >= 2) this.relations.push(present);
  }
}

/** Items grouped as the relations need them. */
interface RunIndex {
  readonly byGroup: Map<string, number>;
  /** (granularity, period, slice) → its items. */
  readonly bySlice: Map<string, number[]>;
  /** (slice, key, granularity) → its items in period order. */
  readonly bySeries: Map<string, number[]>;
}

const groupKey = (g: string, p: string, s: string, k: string) => `${g}\u0000${p}\u0000${s}\u0000${k}`;

function indexOf(items: readonly IndicatorItem[]): RunIndex {
  const byGroup = new Map<string, number>();
  const bySlice = new Map<string, number[]>();
  const bySeries = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  items.forEach((item, i) => {
    byGroup.set(groupKey(item.granularity, item.period, item.slice, item.key), i);
    push(bySlice, `${item.granularity}\u0000${item.period}\u0000${item.slice}`, i);
    push(bySeries, `${item.slice}\u0000${item.key}\u0000${item.granularity}`, i);
  });
  for (const list of bySeries.values()) {
    list.sort((a, b) => ((items[a] as IndicatorItem).period < (items[b] as IndicatorItem).period ? -1 : 1));
  }
  return { byGroup, bySlice, bySeries };
}

function addRelations(system: CellSystem, items: readonly IndicatorItem[], index: RunIndex): void {
  items.forEach((item, i) => {
    const names = [...(system.cellIds[i]?.keys() ?? [])];
    // Keys of a slice against `all`.
    if (item.slice === 'all') {
      for (const slice of partitionSlices) {
        const keys = index.bySlice.get(`${item.granularity}\u0000${item.period}\u0000${slice}`) ?? [];
        for (const name of names) system.relate([system.id(i, name), ...keys.map((j) => system.id(j, name))]);
      }
    }
    // Components against their total; baseline = project emissions + reductions.
    for (const [total, prefix] of componentTotals) {
      const components = names.filter((name) => name.startsWith(prefix));
      if (components.length > 0)
        system.relate([system.id(i, total), ...components.map((c) => system.id(i, c))]);
    }
    system.relate([
      system.id(i, 'baseline_emissions_tco2e'),
      system.id(i, 'project_emissions_tco2e'),
      system.id(i, 'emission_reductions_tco2e'),
    ]);
    // Months against their quarter and year, quarters against the year, stocks against their last month.
    if (item.granularity !== 'month') {
      const monthItems = monthsOf(item.period)
        .map((month) => index.byGroup.get(groupKey('month', month, item.slice, item.key)))
        .filter((j): j is number => j !== undefined);
      const lastMonth = monthItems.at(-1);
      for (const name of names) {
        if (stockNames.has(name)) {
          if (lastMonth !== undefined) system.relate([system.id(i, name), system.id(lastMonth, name)]);
        } else if (isFlow(name)) {
          system.relate([system.id(i, name), ...monthItems.map((j) => system.id(j, name))]);
        }
      }
      if (item.granularity === 'year') {
        const quarterItems = [1, 2, 3, 4]
          .map((q) => index.byGroup.get(groupKey('quarter', `${item.period}-Q${q}`, item.slice, item.key)))
          .filter((j): j is number => j !== undefined);
        for (const name of names.filter(isFlow)) {
          system.relate([system.id(i, name), ...quarterItems.map((j) => system.id(j, name))]);
        }
      }
    }
  });
  // Cumulative(t) = cumulative(t − 1) + flow(t); the first period's cumulative is its flow.
  for (const series of index.bySeries.values()) {
    series.forEach((i, position) => {
      const previous = position > 0 ? series[position - 1] : undefined;
      for (const [stock, flow] of cumulativeFlows) {
        system.relate([
          system.id(i, stock),
          ...(previous === undefined ? [] : [system.id(previous, stock)]),
          system.id(i, flow),
        ]);
      }
    });
  }
}

/** Suppresses further cells until no relation holds exactly one suppressed cell. */
function suppressSecondary(system: CellSystem): void {
  const { relations, status, costs, empty } = system;
  const suppressedIn = new Int32Array(relations.length);
  const relationsOf: number[][] = costs.map(() => []);
  relations.forEach((cells, r) => {
    for (const cell of cells) {
      relationsOf[cell]?.push(r);
      if (status[cell] !== free) suppressedIn[r] = (suppressedIn[r] ?? 0) + 1;
    }
  });
  const queue: number[] = [];
  for (let r = 0; r < relations.length; r++) if (suppressedIn[r] === 1) queue.push(r);
  for (let head = 0; head < queue.length; head++) {
    const r = queue[head] as number;
    if (suppressedIn[r] !== 1) continue;
    let best = -1;
    for (const cell of relations[r] as number[]) {
      if (status[cell] !== free) continue;
      if (
        best < 0 ||
        Number(empty[cell]) - Number(empty[best]) < 0 ||
        (empty[cell] === empty[best] &&
          ((costs[cell] as bigint) < (costs[best] as bigint) || (costs[cell] === costs[best] && cell < best)))
      ) {
        best = cell;
      }
    }
    if (best < 0) continue;
    status[best] = secondary;
    for (const other of relationsOf[best] as number[]) {
      suppressedIn[other] = (suppressedIn[other] ?? 0) + 1;
      if (suppressedIn[other] === 1) queue.push(other);
    }
  }
}

/** C before D before F. */
function worst(statuses: readonly number[]): number {
  return statuses.includes(primary) ? primary : statuses.includes(secondary) ? secondary : free;
}

/**
 * The suppression pattern of a whole run: for each item (same index), its suppressed cells.
 * @param items the run's items, in run order
 * @param statistics each item's contributor statistics (`IndicatorComputation.resultWithStatistics`)
 * @throws RangeError when `minContributors` is below 3, or the two arrays differ in length
 */
export function suppressionPattern(
  items: readonly IndicatorItem[],
  statistics: readonly CellStatistics[],
  options: DisclosureOptions = {},
): ConfStatusMap[] {
  const minContributors = checkedMinimum(options.minContributors);
  if (items.length !== statistics.length) throw new RangeError('Every item needs its contributor statistics');
  const system = new CellSystem(statistics);
  system.status = new Uint8Array(system.costs.length);
  statistics.forEach((cells, i) => {
    for (const [name, id] of system.cellIds[i] ?? []) {
      if (isPrimary(cells[name] as ContributorStats, minContributors, true)) system.status[id] = primary;
    }
  });
  if (options.secondary !== false) {
    const index = indexOf(items);
    addRelations(system, items, index);
    suppressSecondary(system);
  }
  const statusOf = (item: number, name: string) => {
    const id = system.id(item, name);
    return id === undefined ? free : (system.status[id] ?? free);
  };
  const previousOf = previousItems(items);
  return items.map((item, i) => {
    const pattern: ConfStatusMap = {};
    const mark = (name: string, status: number) => {
      if (status !== free) pattern[name] = codes[status] as ConfStatus;
    };
    const ratios = new Map<string, number>();
    for (const [ratio, inputs] of ratioInputs)
      ratios.set(ratio, worst(inputs.map((name) => statusOf(i, name))));
    const coverage = statistics[i]?.[coverageCell];
    ratios.set(coverageCell, coverage && isPrimary(coverage, minContributors, false) ? primary : free);
    const previous = previousOf[i];
    for (const name of growthComponents) {
      const inputs = [statusOf(i, name), ...(previous === undefined ? [] : [statusOf(previous, name)])];
      ratios.set(`growth_vs_previous.${name}`, worst(inputs));
    }
    for (const [indicator, value] of Object.entries(item.indicators)) {
      if (indicator === 'projects_by_status') continue;
      if (value !== null && typeof value === 'object') {
        for (const component of Object.keys(value)) {
          const name = `${indicator}.${component}`;
          mark(name, ratios.get(name) ?? statusOf(i, name));
        }
      } else {
        mark(indicator, ratios.get(indicator) ?? statusOf(i, indicator));
      }
    }
    return pattern;
  });
}

/** For each item, the item of the previous period of the same granularity, slice and key. */
function previousItems(items: readonly IndicatorItem[]): (number | undefined)[] {
  const previous: (number | undefined)[] = items.map(() => undefined);
  for (const series of indexOf(items).bySeries.values()) {
    for (let position = 1; position < series.length; position++) {
      previous[series[position] as number] = series[position - 1];
    }
  }
  return previous;
}

/**
 * The pattern of an item stored before disclosure control (no pattern kept with it): every cell
 * that could be suppressed is marked `C`, so that nothing computed under older rules is shown to
 * the public without having been checked (fail closed).
 */
export function failClosedPattern(item: IndicatorItem): ConfStatusMap {
  const pattern: ConfStatusMap = {};
  for (const [indicator, value] of Object.entries(item.indicators)) {
    if (indicator === 'projects_by_status') continue;
    if (value !== null && typeof value === 'object') {
      for (const component of Object.keys(value)) pattern[`${indicator}.${component}`] = 'C';
    } else {
      pattern[indicator] = 'C';
    }
  }
  return pattern;
}

/** Who reads: the public sees suppressed cells as null; a caller with a token sees every value. */
export type IndicatorAudience = 'public' | 'authenticated';

/** An item as an audience may see it, with its pattern as `confStatus`. */
export function publishedItem(
  item: IndicatorItem,
  confStatus: ConfStatusMap,
  audience: IndicatorAudience,
): IndicatorItem & { confStatus: ConfStatusMap } {
  if (audience === 'authenticated') return { ...item, confStatus };
  const indicators: Record<string, IndicatorItem['indicators'][keyof IndicatorItem['indicators']]> = {};
  for (const [indicator, value] of Object.entries(item.indicators)) {
    if (value !== null && typeof value === 'object') {
      indicators[indicator] = Object.fromEntries(
        Object.entries(value).map(([component, v]) => [
          component,
          confStatus[`${indicator}.${component}`] ? null : v,
        ]),
      );
    } else {
      indicators[indicator] = confStatus[indicator] ? null : value;
    }
  }
  return { ...item, indicators: indicators as IndicatorItem['indicators'], confStatus };
}
