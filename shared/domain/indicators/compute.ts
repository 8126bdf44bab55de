/**
 * The green-growth indicators (`docs/indicators.md`, `docs/indicator-rules.md`), computed in one pass over the accepted projects.
 *
 * How it runs: the job calls `addProject` once per accepted project with all its latest reports;
 * the project's contribution is folded into accumulators kept per (slice, key, month), and nothing
 * of the project or its reports is kept afterwards. `result()` then walks each (slice, key) month by
 * month and derives everything else: quarters and years as sums of their months, stocks as running
 * sums of their month-to-month changes, cumulative values, ratios and growth. Memory therefore grows
 * with the number of (period, slice, key) groups, and time with the data read once.
 *
 * Where the spec is silent, this is what the numbers mean:
 *
 * - **Periods.** Months `2026-09`, quarters `2026-Q3`, years `2026`. A (slice, key) group is
 *   published for every period from the first month in which one of its projects is in force up to
 *   `lastCompleteMonth`. The quarter and year that contain `lastCompleteMonth` are published too, to
 *   date: they cover their months up to `lastCompleteMonth`, and their "period end" is the end of
 *   `lastCompleteMonth`. Nothing dated after `lastCompleteMonth` counts (reports, commitments,
 *   status changes).
 * - **In force.** A project is in force from its earliest reported or effective month (the earliest
 *   of its report periods, status effective dates and commitment dates) onwards, including after it
 *   is retired or cancelled: it is then counted under that status, and its past reductions and
 *   investments stay in the cumulative indicators. So at a period end a project is in force when it
 *   has a status there (`statusAt`) or has data dated on or before it; a report or commitment dated
 *   before the first status (a report is allowed up to a year before construction) is counted in its
 *   month and in no status. Because nothing of a project is dated before it is in force, every
 *   contribution lands in a published group, and months add up to quarters and years.
 * - **Current record.** Host country, technology, programs, capacity and participants are the
 *   project's current ones, applied to every period; only the status follows its history.
 * - **Status at period end** is that of `statusAt(project, last day of the period)`: the last entry
 *   of `statusHistory` (in recorded order) effective in or before the period's last month.
 * - **`projects_by_status`** always has all eight lifecycle statuses, in lifecycle order, with 0 for
 *   none, so that every item has the same shape.
 * - **Capacity** counts only `MW` capacity (values to 3 decimals). `capacity_added_mw` counts a
 *   project once, in the month of its first `operating` entry (a project registered as already
 *   operating included); a restart after a suspension adds nothing, although `operating_capacity_mw`
 *   comes back.
 * - **Exact sums.** Every additive input is read as the decimal it prints as and rounded half away
 *   from zero to 3 decimals (USD to cents) before it is summed (stored figures already are; this only
 *   touches `generationMwh` and capacity given with more decimals); sums are exact integers (see
 *   `exact.ts`). So months add up exactly to quarters and years, and slices to `all`.
 * - **Ratios** are computed on those exact sums and rounded half away from zero to 6 decimals.
 *   `verified_share` and `growth_vs_previous` follow their formulas literally, signs included: with
 *   negative reductions in a period, `verified_share` can leave 0–1, and growth from a negative
 *   previous value has the sign the formula gives.
 * - **`emissions_intensity_tco2e_per_mwh`** is the project emissions of the reports that give
 *   `generationMwh` (0 included) over their generation; reports without generation count in neither.
 * - **`carbon_productivity_tco2e_per_musd`**: reductions of every month from the group's first to the
 *   period end over investment committed in the same span, in millions of USD.
 * - **`reporting_coverage`**: of the projects `operating` at the period end, the share that have a
 *   report for every month of the period (up to `lastCompleteMonth`) at whose end they were
 *   `operating`.
 * - **`growth_vs_previous`** compares with the previous period of the same granularity, slice and
 *   key; null for a group's first period, and when the previous value is 0. A quarter or year to
 *   date is compared with the whole previous one.
 * - **`attributed_reductions_tco2e`**: see `attribution.ts` (largest remainder per report, so the
 *   keys sum exactly to `emission_reductions_tco2e`). Keys are the countries with a positive share
 *   (code-unit order), then `unattributed`.
 * - **Disbursements** count in the month of their date, at their own `usdAmount`;
 *   `investment_disbursed_cumulative_usd` is a stock like cumulative investment, and
 *   `disbursement_ratio` divides the two stocks at period end (null while nothing is committed).
 * - **Expected outcomes**: each month at whose end a project is `operating` counts a twelfth of each
 *   annual target it states, rounded half away from zero to thousandths, so that months add up
 *   exactly to quarters and years. `reductions_vs_expected` (`generation_vs_expected`) sets against
 *   them the reductions (generation) of the same projects' reports for the same months; a report of
 *   a month with no expectation is left out, a month without a report adds nothing achieved. See
 *   `docs/indicator-rules.md`.
 * - **Object-valued indicators** have a key when something was counted under it in the period (an
 *   investment in that direction, a report of a project with that attribution key), even if it sums
 *   to 0; otherwise the object is `{}`. Keys are in code-unit order, `unattributed` last.
 * - **Order.** Items by granularity (month, quarter, year), period, slice (all, host_country,
 *   technology, program), key. Every sum is exact, so the result does not depend on the order in
 *   which projects or reports are given.
 * - **Bad input** (a malformed period or date, a non-finite number, an unknown status, two reports of
 *   one project for the same month) throws; the run then fails rather than publishing wrong numbers.
 *   Each project must be given once; that is not checked, so that nothing per project is kept.
 */
import { lifecycleStatuses } from '../projects/lifecycle-statuses.ts';
import { attributionOf, compareCodeUnits, unattributedKey } from './attribution.ts';
import {
  type CellStatistics,
  CellTally,
  cumulativeReductionsCell,
  expectedGenerationCell,
  intensityEmissionsCell,
  monthCode,
  ProjectShares,
  quarterCode,
  targetedGenerationCell,
  targetedReductionsCell,
  yearCode,
} from './contributors.ts';
import type { ConfStatusMap } from './disclosure.ts';
import { ExactSums, fromUnits, ratio, unitsFromJson, unitsOf } from './exact.ts';
import type { IndicatorProject, IndicatorReport } from './inputs.ts';
import {
  endsQuarter,
  endsYear,
  monthLabel,
  monthOfDate,
  monthOfPeriod,
  quarterLabel,
  quarterOfMonth,
  yearLabel,
  yearOfMonth,
} from './periods.ts';

export type { IndicatorProject, IndicatorReport } from './inputs.ts';

/** The rules these numbers were computed with; stored with each run. */
export const indicatorCalcVersion = 'indicators-2026.2';

/** The published indicators, in the spec's order. */
export const indicatorNames = [
  'projects_by_status',
  'operating_capacity_mw',
  'capacity_added_mw',
  'investment_committed_usd',
  'investment_cumulative_usd',
  'investment_by_direction_usd',
  'generation_mwh',
  'project_emissions_tco2e',
  'baseline_emissions_tco2e',
  'emission_reductions_tco2e',
  'verified_reductions_tco2e',
  'verified_share',
  'emissions_intensity_tco2e_per_mwh',
  'carbon_productivity_tco2e_per_musd',
  'attributed_reductions_tco2e',
  'reporting_coverage',
  'growth_vs_previous',
  'investment_disbursed_usd',
  'investment_disbursed_cumulative_usd',
  'disbursement_ratio',
  'expected_reductions_tco2e',
  'reductions_vs_expected',
  'generation_vs_expected',
] as const;
export type IndicatorName = (typeof indicatorNames)[number];

/**
 * The indicators added by `indicators-2026.2` (disbursements and expected outcomes): items of runs
 * computed before it do not have them, and runs are immutable, so readers must expect them absent.
 */
export const indicatorsSinceCalc2026_2: readonly IndicatorName[] = [
  'investment_disbursed_usd',
  'investment_disbursed_cumulative_usd',
  'disbursement_ratio',
  'expected_reductions_tco2e',
  'reductions_vs_expected',
  'generation_vs_expected',
];

export const indicatorGranularities = ['month', 'quarter', 'year'] as const;
export type IndicatorGranularity = (typeof indicatorGranularities)[number];

export const indicatorSlices = ['all', 'host_country', 'technology', 'program'] as const;
export type IndicatorSlice = (typeof indicatorSlices)[number];

/** A number, a null (not defined for the group), or an object of them (`projects_by_status`, …). */
export type IndicatorValue = number | null | Record<string, number | null>;

/** One group: the indicators of one (granularity, period, slice, key). */
export interface IndicatorItem {
  granularity: IndicatorGranularity;
  /** `2026-09`, `2026-Q3` or `2026`. */
  period: string;
  slice: IndicatorSlice;
  /** `all` for the `all` slice; a country code, technology or program otherwise. */
  key: string;
  indicators: Record<IndicatorName, IndicatorValue>;
  /**
   * The cells disclosure control suppresses (`disclosure.ts`), by `indicator` or
   * `indicator.component`; set by the job before the item is stored, absent on items of older runs.
   */
  confStatus?: ConfStatusMap;
}

/** The layout version of `IndicatorPartial`; a reduce step refuses partials of another. */
export const indicatorPartialFormat = 'indicator-partial-1';

/** Exact units as JSON: a number within ±2^53, decimal text beyond (`exact.ts`). */
type JsonUnits = number | string;

/** One (slice, key) group of a partial result. */
export interface SeriesPartial {
  readonly slice: IndicatorSlice;
  readonly key: string;
  readonly firstMonth: number;
  /** Per month number, its `[slot, total]` sums. */
  readonly months: ReadonlyArray<readonly [number, ReadonlyArray<readonly [number, JsonUnits]>]>;
  readonly coveredByQuarter: ReadonlyArray<readonly [number, number]>;
  readonly coveredByYear: ReadonlyArray<readonly [number, number]>;
  /** Per period code, `[slot, contributors, largest |contribution|, Σ|contribution|]`. */
  readonly tallies: ReadonlyArray<
    readonly [number, ReadonlyArray<readonly [number, number, number, JsonUnits]>]
  >;
}

/**
 * What a computation has folded in, as JSON that adds up exactly with others
 * (`IndicatorComputation.toPartial` / `addPartial`). Slots are positions in the computation's
 * accumulators, whatever indicators they feed: the fixed slots first, then one per key of an
 * object-valued indicator, named in `components`.
 */
export interface IndicatorPartial {
  readonly format: typeof indicatorPartialFormat;
  readonly lastCompleteMonth: string;
  /** How many slots every group has before the components: a partial of another layout is refused. */
  readonly fixedSlots: number;
  /** `[indicator, key]` of slot `fixedSlots + i`, in the order the computation first met them. */
  readonly components: ReadonlyArray<readonly [string, string]>;
  readonly series: readonly SeriesPartial[];
}

/** Slots of a month's exact sums: the flows first (they roll up into quarters and years). */
const capacityAddedSlot = 0;
const investmentSlot = 1;
const generationSlot = 2;
const projectEmissionsSlot = 3;
const baselineEmissionsSlot = 4;
const reductionsSlot = 5;
const verifiedReductionsSlot = 6;
/** Project emissions of the reports that give generation. */
const intensityEmissionsSlot = 7;
/** USD of disbursements dated in the month. */
const disbursedSlot = 8;
/** A twelfth of the annual targets of the projects operating at the month end that state one. */
const expectedReductionsSlot = 9;
const expectedGenerationSlot = 10;
/** The month's reductions (generation) of the projects counted in the expected slots just above. */
const targetedReductionsSlot = 11;
const targetedGenerationSlot = 12;
const flowSlotCount = 13;
/** Changes at the end of the month against the end of the month before. */
const operatingCapacityChangeSlot = flowSlotCount;
const statusChangeSlot = flowSlotCount + 1;
/** Projects operating at the end of the month with a report for it. */
const coveredSlot = statusChangeSlot + lifecycleStatuses.length;
/** From here on, one slot per key of an object-valued indicator (see `IndicatorComputation.componentSlot`). */
const fixedSlotCount = coveredSlot + 1;

/**
 * Contributor statistics of the stocks at a month end (`contributors.ts`), in slots no flow uses:
 * the slots of the month-to-month changes they come from.
 */
const operatingCapacityStat = operatingCapacityChangeSlot;
const cumulativeInvestmentStat = statusChangeSlot;
const cumulativeReductionsStat = statusChangeSlot + 1;
const cumulativeDisbursedStat = statusChangeSlot + 2;

/** The published (or hidden, `~…`) cell each flow slot's statistics describe. */
const flowCells: ReadonlyArray<readonly [number, string]> = [
  [capacityAddedSlot, 'capacity_added_mw'],
  [investmentSlot, 'investment_committed_usd'],
  [generationSlot, 'generation_mwh'],
  [projectEmissionsSlot, 'project_emissions_tco2e'],
  [baselineEmissionsSlot, 'baseline_emissions_tco2e'],
  [reductionsSlot, 'emission_reductions_tco2e'],
  [verifiedReductionsSlot, 'verified_reductions_tco2e'],
  [intensityEmissionsSlot, intensityEmissionsCell],
  [disbursedSlot, 'investment_disbursed_usd'],
  [expectedReductionsSlot, 'expected_reductions_tco2e'],
  [expectedGenerationSlot, expectedGenerationCell],
  [targetedReductionsSlot, targetedReductionsCell],
  [targetedGenerationSlot, targetedGenerationCell],
];
const stockCells: ReadonlyArray<readonly [number, string]> = [
  [operatingCapacityStat, 'operating_capacity_mw'],
  [cumulativeInvestmentStat, 'investment_cumulative_usd'],
  [cumulativeReductionsStat, cumulativeReductionsCell],
  [cumulativeDisbursedStat, 'investment_disbursed_cumulative_usd'],
];

const operatingStatus = lifecycleStatuses.indexOf('operating');
const statusIndexes = new Map<string, number>(lifecycleStatuses.map((status, index) => [status, index]));

type ObjectIndicator = 'investment_by_direction_usd' | 'attributed_reductions_tco2e';

/** A key of an object-valued indicator, with its own slot in every month's sums. */
interface Component {
  readonly indicator: ObjectIndicator;
  readonly key: string;
}

/** The accumulators of one (slice, key). */
class Series {
  /** The first month in which one of its projects is in force. */
  firstMonth = Number.POSITIVE_INFINITY;
  /** A month's sums at index `lastMonth − month` (the array grows back in time as older months come). */
  readonly months: (ExactSums | undefined)[] = [];
  /** Per quarter (year), the projects operating at its end with every operating month reported. */
  readonly coveredByQuarter = new Map<number, number>();
  readonly coveredByYear = new Map<number, number>();
  /** Contributor statistics by period code (`contributors.ts`). */
  readonly tallies = new Map<number, CellTally>();

  constructor(
    readonly slice: IndicatorSlice,
    readonly key: string,
    private readonly lastMonth: number,
  ) {}

  /** The sums of a month up to the last one. */
  month(month: number): ExactSums {
    const index = this.lastMonth - month;
    let sums = this.months[index];
    if (sums === undefined) {
      sums = new ExactSums(fixedSlotCount);
      this.months[index] = sums;
    }
    return sums;
  }

  /** The contributor statistics of a period (by period code). */
  tally(code: number): CellTally {
    let tally = this.tallies.get(code);
    if (tally === undefined) {
      tally = new CellTally(fixedSlotCount);
      this.tallies.set(code, tally);
    }
    return tally;
  }
}

/** Flows of a month, quarter or year, summed from months; object-valued ones by component slot. */
class PeriodTotals {
  readonly flows: bigint[] = new Array<bigint>(flowSlotCount).fill(0n);
  readonly components = new Map<number, bigint>();

  addMonth(sums: ExactSums): void {
    for (let slot = 0; slot < flowSlotCount; slot++) this.flows[slot] = this.flow(slot) + sums.total(slot);
    for (let slot = fixedSlotCount; slot < sums.slotCount; slot++) {
      if (sums.has(slot)) this.components.set(slot, (this.components.get(slot) ?? 0n) + sums.total(slot));
    }
  }

  addTotals(other: PeriodTotals): void {
    for (let slot = 0; slot < flowSlotCount; slot++) this.flows[slot] = this.flow(slot) + other.flow(slot);
    for (const [slot, units] of other.components) {
      this.components.set(slot, (this.components.get(slot) ?? 0n) + units);
    }
  }

  flow(slot: number): bigint {
    return this.flows[slot] ?? 0n;
  }
}

/** The stocks of a group at a period end. */
interface Stocks {
  readonly statusCounts: readonly number[];
  readonly operatingCapacity: bigint;
  readonly cumulativeInvestment: bigint;
  readonly cumulativeReductions: bigint;
  readonly cumulativeDisbursed: bigint;
}

/** What the next period of the same granularity compares itself with. */
interface GrowthBasis {
  readonly operatingCapacity: bigint;
  readonly generation: bigint;
  readonly reductions: bigint;
}

function negated(units: number | bigint): number | bigint {
  return typeof units === 'bigint' ? -units : -units;
}

function growth(current: bigint, previous: bigint | undefined): number | null {
  return previous === undefined ? null : ratio(current - previous, previous);
}

/** Code-unit order, with `unattributed` after every country. */
function compareComponentKeys(a: string, b: string): number {
  if (a === unattributedKey || b === unattributedKey)
    return (a === unattributedKey ? 1 : 0) - (b === unattributedKey ? 1 : 0);
  return compareCodeUnits(a, b);
}

const granularityRank: Readonly<Record<IndicatorGranularity, number>> = { month: 0, quarter: 1, year: 2 };
const sliceRank: Readonly<Record<IndicatorSlice, number>> = {
  all: 0,
  host_country: 1,
  technology: 2,
  program: 3,
};

function compareItems(a: IndicatorItem, b: IndicatorItem): number {
  return (
    granularityRank[a.granularity] - granularityRank[b.granularity] ||
    compareCodeUnits(a.period, b.period) ||
    sliceRank[a.slice] - sliceRank[b.slice] ||
    compareCodeUnits(a.key, b.key)
  );
}

/** A project's monthly targets in thousandths (tCO2e, MWh); undefined where it states none. */
interface ExpectedPerMonth {
  readonly reductions: number | undefined;
  readonly generation: number | undefined;
}

/**
 * A twelfth of each annual target, in thousandths rounded half away from zero (the targets are
 * non-negative): 100 t a year is 8.333 t a month. Rounding each month's share first keeps months
 * adding up exactly to quarters and years; a whole year may differ from the annual figure by up to
 * 6 thousandths.
 */
function expectedPerMonth(project: IndicatorProject): ExpectedPerMonth {
  const twelfth = (annual: number | undefined) =>
    annual === undefined ? undefined : Math.round(Number(unitsOf(annual, 3)) / 12);
  return {
    reductions: twelfth(project.expected?.annualReductionsTco2e),
    generation: twelfth(project.expected?.annualGenerationMwh),
  };
}

function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * One indicator run's computation: feed it every accepted project with its reports, then read the
 * items. See the top of this file for what each number means where the spec leaves it open.
 */
export class IndicatorComputation {
  private readonly lastMonth: number;
  private readonly series = new Map<string, Series>();
  /** The keys of object-valued indicators seen so far; key `i` has slot `fixedSlotCount + i`. */
  private readonly components: Component[] = [];
  private readonly componentSlots = new Map<string, number>();

  /**
   * @param options.lastCompleteMonth the last month to publish (`YYYY-MM`); later data is left out
   * @throws TypeError when `lastCompleteMonth` is not a month `YYYY-MM`
   */
  constructor(options: { readonly lastCompleteMonth: string }) {
    this.lastMonth = monthOfPeriod(options.lastCompleteMonth, 'lastCompleteMonth');
  }

  /**
   * Adds one accepted project with all its latest reports (one per month, any order). Each project
   * once; projects in any order.
   * @throws TypeError for a malformed period or date, or an unknown status
   * @throws RangeError for a non-finite number, a negative share, or two reports for the same month
   */
  addProject(project: IndicatorProject, reports: readonly IndicatorReport[]): void {
    const last = this.lastMonth;
    const where = `Project ${project.id}`;
    const history = project.statusHistory;
    const historyMonths = history.map((entry, i) =>
      monthOfDate(entry.effectiveDate, `${where}: statusHistory.${i}.effectiveDate`),
    );
    const historyStatuses = history.map((entry, i) => {
      const status = statusIndexes.get(entry.status);
      if (status === undefined) {
        throw new TypeError(`${where}: statusHistory.${i}.status is not a lifecycle status: ${entry.status}`);
      }
      return status;
    });
    const investmentMonths = project.investments.map((investment, i) =>
      monthOfDate(investment.committedOn, `${where}: investments.${i}.committedOn`),
    );
    const disbursementMonths = project.investments.map((investment, i) =>
      (investment.disbursements ?? []).map((disbursement, d) =>
        monthOfDate(disbursement.date, `${where}: investments.${i}.disbursements.${d}.date`),
      ),
    );
    const reportMonths = new Int32Array(reports.length);
    let start = Math.min(...historyMonths, ...investmentMonths, ...disbursementMonths.flat());
    for (let i = 0; i < reports.length; i++) {
      const month = monthOfPeriod((reports[i] as IndicatorReport).period, `${where}: reports.${i}.period`);
      reportMonths[i] = month;
      if (month < start) start = month;
    }
    if (!(start <= last)) return;

    const targets = this.seriesOf(project);
    for (const target of targets) target.firstMonth = Math.min(target.firstMonth, start);
    const span = last - start + 1;
    const capacityUnits = project.capacity?.unit === 'MW' ? unitsOf(project.capacity.value, 3) : undefined;

    const shares = new ProjectShares(start, span, flowSlotCount);
    const hasReport = this.addReports(project, reports, reportMonths, start, span, targets, shares);
    this.addInvestments(project, investmentMonths, disbursementMonths, targets, shares);
    const expected = expectedPerMonth(project);

    const firstOperating = historyStatuses.indexOf(operatingStatus);
    const operatingSince = historyMonths[firstOperating];
    if (capacityUnits !== undefined && operatingSince !== undefined && operatingSince <= last) {
      for (const target of targets) target.month(operatingSince).add(capacityAddedSlot, capacityUnits);
      shares.addFlow(operatingSince, capacityAddedSlot, capacityUnits);
    }
    const capacityShare = capacityUnits === undefined ? undefined : Number(capacityUnits);
    let cumulativeInvestment: number | undefined;
    let cumulativeReductions: number | undefined;
    let cumulativeDisbursed: number | undefined;

    // The entry in force at each month end: the last one (in recorded order) effective by then.
    const lastEntryOfMonth = new Int32Array(span).fill(-1);
    for (let i = 0; i < historyMonths.length; i++) {
      const offset = (historyMonths[i] ?? 0) - start;
      if (offset < span) lastEntryOfMonth[offset] = i;
    }
    let entryInForce = -1;
    let previousStatus = -1;
    let quarterCovered = true;
    let yearCovered = true;
    for (let offset = 0; offset < span; offset++) {
      const month = start + offset;
      entryInForce = Math.max(entryInForce, lastEntryOfMonth[offset] ?? -1);
      const status = entryInForce < 0 ? -1 : (historyStatuses[entryInForce] ?? -1);
      if (status !== previousStatus) {
        const capacityChange =
          capacityUnits !== undefined && (status === operatingStatus) !== (previousStatus === operatingStatus)
            ? status === operatingStatus
              ? capacityUnits
              : negated(capacityUnits)
            : undefined;
        for (const target of targets) {
          const sums = target.month(month);
          if (previousStatus >= 0) sums.add(statusChangeSlot + previousStatus, -1);
          if (status >= 0) sums.add(statusChangeSlot + status, 1);
          if (capacityChange !== undefined) sums.add(operatingCapacityChangeSlot, capacityChange);
        }
        previousStatus = status;
      }
      const operating = status === operatingStatus;
      if (operating) this.addExpected(month, expected, targets, shares);
      // The stocks' contributors at this month end: operating capacity, and everything invested,
      // disbursed and reduced so far (from the first investment, disbursement or report on, even of 0).
      const invested = shares.monthFlow(month, investmentSlot);
      if (invested !== undefined) cumulativeInvestment = (cumulativeInvestment ?? 0) + invested;
      const reduced = shares.monthFlow(month, reductionsSlot);
      if (reduced !== undefined) cumulativeReductions = (cumulativeReductions ?? 0) + reduced;
      const disbursed = shares.monthFlow(month, disbursedSlot);
      if (disbursed !== undefined) cumulativeDisbursed = (cumulativeDisbursed ?? 0) + disbursed;
      const operatingShare = operating ? capacityShare : undefined;
      if (
        operatingShare !== undefined ||
        cumulativeInvestment !== undefined ||
        cumulativeReductions !== undefined ||
        cumulativeDisbursed !== undefined
      ) {
        for (const target of targets) {
          const tally = target.tally(monthCode(month));
          if (operatingShare !== undefined) tally.add(operatingCapacityStat, operatingShare);
          if (cumulativeInvestment !== undefined) tally.add(cumulativeInvestmentStat, cumulativeInvestment);
          if (cumulativeReductions !== undefined) tally.add(cumulativeReductionsStat, cumulativeReductions);
          if (cumulativeDisbursed !== undefined) tally.add(cumulativeDisbursedStat, cumulativeDisbursed);
        }
      }
      if (operating && hasReport[offset] === 1) {
        for (const target of targets) target.month(month).add(coveredSlot, 1);
      } else if (operating) {
        quarterCovered = false;
        yearCovered = false;
      }
      if (endsQuarter(month) || month === last) {
        if (operating && quarterCovered) {
          for (const target of targets) increment(target.coveredByQuarter, quarterOfMonth(month));
        }
        quarterCovered = true;
      }
      if (endsYear(month) || month === last) {
        if (operating && yearCovered) {
          for (const target of targets) increment(target.coveredByYear, yearOfMonth(month));
        }
        yearCovered = true;
      }
    }
    // Folded last: the expected and targeted flows are known only once the status of each month is.
    shares.foldInto(targets);
  }

  /**
   * A month at whose end the project operates: its monthly targets, and the reductions (generation)
   * of its report for the month beside them, so that achieved and expected cover the same months.
   */
  private addExpected(
    month: number,
    expected: ExpectedPerMonth,
    targets: readonly Series[],
    shares: ProjectShares,
  ): void {
    const add = (slot: number, units: number) => {
      for (const target of targets) target.month(month).add(slot, units);
      shares.addFlow(month, slot, units);
    };
    if (expected.reductions !== undefined) {
      add(expectedReductionsSlot, expected.reductions);
      const reduced = shares.monthFlow(month, reductionsSlot);
      if (reduced !== undefined) add(targetedReductionsSlot, reduced);
    }
    if (expected.generation !== undefined) {
      add(expectedGenerationSlot, expected.generation);
      const generated = shares.monthFlow(month, generationSlot);
      if (generated !== undefined) add(targetedGenerationSlot, generated);
    }
  }

  /** Every item, in the order described at the top of this file. Reading it changes nothing. */
  result(): IndicatorItem[] {
    const items: IndicatorItem[] = [];
    for (const series of this.series.values()) this.emitSeries(series, items);
    return items.sort(compareItems);
  }

  /**
   * Every item as `result()` gives it, with the contributor statistics of each of its cells at the
   * same index (`contributors.ts`): what disclosure control (`disclosure.ts`) reads.
   */
  resultWithStatistics(): { items: IndicatorItem[]; statistics: CellStatistics[] } {
    const items: IndicatorItem[] = [];
    const statistics: CellStatistics[] = [];
    for (const series of this.series.values()) this.emitSeries(series, items, statistics);
    const order = items
      .map((_, i) => i)
      .sort((a, b) => compareItems(items[a] as IndicatorItem, items[b] as IndicatorItem));
    return {
      items: order.map((i) => items[i] as IndicatorItem),
      statistics: order.map((i) => statistics[i] as CellStatistics),
    };
  }

  /**
   * Everything folded in so far, as a partial result another computation can add (`addPartial`):
   * the exact sums of every group's months, its coverage counts and its contributor statistics, with
   * the keys of object-valued indicators named (a partial's slot numbers are its own). It is JSON,
   * so a map step of the job can store it (`docs/indicator-job.md`), and it grows with the groups,
   * never with the reports.
   */
  toPartial(): IndicatorPartial {
    return {
      format: indicatorPartialFormat,
      lastCompleteMonth: monthLabel(this.lastMonth),
      fixedSlots: fixedSlotCount,
      components: this.components.map((component) => [component.indicator, component.key] as const),
      series: [...this.series.values()].map((series) => ({
        slice: series.slice,
        key: series.key,
        firstMonth: series.firstMonth,
        months: series.months.flatMap((sums, index) =>
          sums === undefined ? [] : [[this.lastMonth - index, sums.totals()] as const],
        ),
        coveredByQuarter: [...series.coveredByQuarter],
        coveredByYear: [...series.coveredByYear],
        tallies: [...series.tallies].map(([code, tally]) => [code, tally.entries()] as const),
      })),
    };
  }

  /**
   * Adds a partial result (`toPartial` of a computation over other projects, with the same last
   * complete month). Every sum and count adds exactly and the largest contributions take the larger,
   * so the items do not depend on how the projects were split. Adding the partials of consecutive
   * id ranges in id order also meets the keys of object-valued indicators in the order one
   * computation over all the projects would, so even the order of cells within an item is the same.
   * @throws RangeError for a partial of another format, last complete month or slot layout
   */
  addPartial(partial: IndicatorPartial): void {
    if (
      partial.format !== indicatorPartialFormat ||
      partial.lastCompleteMonth !== monthLabel(this.lastMonth) ||
      partial.fixedSlots !== fixedSlotCount
    ) {
      throw new RangeError(
        `A partial result of ${partial.format} for ${partial.lastCompleteMonth} with ${partial.fixedSlots} slots cannot be added to ${indicatorPartialFormat} for ${monthLabel(this.lastMonth)} with ${fixedSlotCount}`,
      );
    }
    const componentSlots = partial.components.map(([indicator, key]) =>
      this.componentSlot(indicator as ObjectIndicator, key),
    );
    const slotOf = (slot: number): number => {
      if (slot < fixedSlotCount) return slot;
      const mapped = componentSlots[slot - fixedSlotCount];
      if (mapped === undefined)
        throw new RangeError(`A partial result names slot ${slot}, which it does not define`);
      return mapped;
    };
    for (const part of partial.series) {
      if (!indicatorSlices.includes(part.slice))
        throw new RangeError(`Unknown slice in a partial: ${part.slice}`);
      const series = this.seriesFor(part.slice, part.key);
      series.firstMonth = Math.min(series.firstMonth, part.firstMonth);
      for (const [month, totals] of part.months) {
        const sums = series.month(month);
        for (const [slot, units] of totals) sums.add(slotOf(slot), unitsFromJson(units));
      }
      for (const [quarter, count] of part.coveredByQuarter) {
        series.coveredByQuarter.set(quarter, (series.coveredByQuarter.get(quarter) ?? 0) + count);
      }
      for (const [year, count] of part.coveredByYear) {
        series.coveredByYear.set(year, (series.coveredByYear.get(year) ?? 0) + count);
      }
      for (const [code, entries] of part.tallies) {
        const tally = series.tally(code);
        for (const [slot, count, maxAbs, sumAbs] of entries) {
          tally.merge(slotOf(slot), count, maxAbs, unitsFromJson(sumAbs));
        }
      }
    }
  }

  /** The (slice, key) groups a project counts in: all, its host country, technology and each program. */
  private seriesOf(project: IndicatorProject): Series[] {
    const groups: Array<readonly [IndicatorSlice, string]> = [
      ['all', 'all'],
      ['host_country', project.hostCountry],
      ['technology', project.technology],
      ...[...new Set(project.programs)].map((program) => ['program', program] as const),
    ];
    return groups.map(([slice, key]) => this.seriesFor(slice, key));
  }

  private seriesFor(slice: IndicatorSlice, key: string): Series {
    const id = `${slice}\u0000${key}`;
    let series = this.series.get(id);
    if (series === undefined) {
      series = new Series(slice, key, this.lastMonth);
      this.series.set(id, series);
    }
    return series;
  }

  /** The slot of one key of an object-valued indicator, the same in every month of every group. */
  private componentSlot(indicator: ObjectIndicator, key: string): number {
    const id = `${indicator}\u0000${key}`;
    let index = this.componentSlots.get(id);
    if (index === undefined) {
      index = this.components.length;
      this.components.push({ indicator, key });
      this.componentSlots.set(id, index);
    }
    return fixedSlotCount + index;
  }

  /** Folds the reports in; answers which months (offsets from `start`) have one. */
  private addReports(
    project: IndicatorProject,
    reports: readonly IndicatorReport[],
    reportMonths: Int32Array,
    start: number,
    span: number,
    targets: readonly Series[],
    shares: ProjectShares,
  ): Uint8Array {
    const last = this.lastMonth;
    const hasReport = new Uint8Array(span);
    const attribution = attributionOf(project.participants);
    const attributedSlots = Int32Array.from(attribution.keys, (key) =>
      this.componentSlot('attributed_reductions_tco2e', key),
    );
    for (let i = 0; i < reports.length; i++) {
      const month = reportMonths[i] ?? 0;
      if (month > last) continue;
      const offset = month - start;
      const report = reports[i] as IndicatorReport;
      if (hasReport[offset] === 1) {
        throw new RangeError(
          `Project ${project.id} has two reports for ${report.period}; give the latest only`,
        );
      }
      hasReport[offset] = 1;
      const generation = report.generationMwh === undefined ? undefined : unitsOf(report.generationMwh, 3);
      const projectEmissions = unitsOf(report.projectTco2e, 3);
      const baselineEmissions = unitsOf(report.baselineTco2e, 3);
      const reductions = unitsOf(report.reductionsTco2e, 3);
      const parts = attribution.allocate(reductions);
      for (const target of targets) {
        const sums = target.month(month);
        if (generation !== undefined) {
          sums.add(generationSlot, generation);
          sums.add(intensityEmissionsSlot, projectEmissions);
        }
        sums.add(projectEmissionsSlot, projectEmissions);
        sums.add(baselineEmissionsSlot, baselineEmissions);
        sums.add(reductionsSlot, reductions);
        if (report.verified) sums.add(verifiedReductionsSlot, reductions);
        for (let k = 0; k < attributedSlots.length; k++) sums.add(attributedSlots[k] ?? 0, parts[k] ?? 0);
      }
      if (generation !== undefined) {
        shares.addFlow(month, generationSlot, generation);
        shares.addFlow(month, intensityEmissionsSlot, projectEmissions);
      }
      shares.addFlow(month, projectEmissionsSlot, projectEmissions);
      shares.addFlow(month, baselineEmissionsSlot, baselineEmissions);
      shares.addFlow(month, reductionsSlot, reductions);
      if (report.verified) shares.addFlow(month, verifiedReductionsSlot, reductions);
      for (let k = 0; k < attributedSlots.length; k++)
        shares.addFlow(month, attributedSlots[k] ?? 0, parts[k] ?? 0);
    }
    return hasReport;
  }

  private addInvestments(
    project: IndicatorProject,
    months: readonly number[],
    disbursementMonths: readonly (readonly number[])[],
    targets: readonly Series[],
    shares: ProjectShares,
  ): void {
    for (const [i, investment] of project.investments.entries()) {
      for (const [d, disbursement] of (investment.disbursements ?? []).entries()) {
        const month = disbursementMonths[i]?.[d] ?? 0;
        if (month > this.lastMonth) continue;
        const cents = unitsOf(disbursement.usdAmount, 2);
        for (const target of targets) target.month(month).add(disbursedSlot, cents);
        shares.addFlow(month, disbursedSlot, cents);
      }
      const month = months[i] ?? 0;
      if (month > this.lastMonth) continue;
      const cents = unitsOf(investment.usdAmount, 2);
      const direction = this.componentSlot(
        'investment_by_direction_usd',
        `${investment.investorCountry}\u2192${project.hostCountry}`,
      );
      for (const target of targets) {
        const sums = target.month(month);
        sums.add(investmentSlot, cents);
        sums.add(direction, cents);
      }
      shares.addFlow(month, investmentSlot, cents);
      shares.addFlow(month, direction, cents);
    }
  }

  private emitSeries(series: Series, items: IndicatorItem[], statistics?: CellStatistics[]): void {
    const last = this.lastMonth;
    const statusCounts = lifecycleStatuses.map(() => 0);
    let operatingCapacity = 0n;
    let cumulativeInvestment = 0n;
    let cumulativeReductions = 0n;
    let cumulativeDisbursed = 0n;
    let quarter = new PeriodTotals();
    let year = new PeriodTotals();
    let previousMonth: GrowthBasis | undefined;
    let previousQuarter: GrowthBasis | undefined;
    let previousYear: GrowthBasis | undefined;
    const emit = (
      granularity: IndicatorGranularity,
      period: string,
      totals: PeriodTotals,
      covered: number,
      previous: GrowthBasis | undefined,
      flowCode: number,
      endMonth: number,
    ): GrowthBasis => {
      const stocks: Stocks = {
        statusCounts,
        operatingCapacity,
        cumulativeInvestment,
        cumulativeReductions,
        cumulativeDisbursed,
      };
      statistics?.push(
        this.statisticsOf(series, flowCode, endMonth, totals, statusCounts[operatingStatus] ?? 0),
      );
      items.push({
        granularity,
        period,
        slice: series.slice,
        key: series.key,
        indicators: this.indicatorsOf(totals, stocks, covered, previous),
      });
      return {
        operatingCapacity,
        generation: totals.flow(generationSlot),
        reductions: totals.flow(reductionsSlot),
      };
    };

    for (let month = series.firstMonth; month <= last; month++) {
      const sums = series.months[last - month];
      const totals = new PeriodTotals();
      if (sums !== undefined) {
        totals.addMonth(sums);
        for (let status = 0; status < statusCounts.length; status++) {
          statusCounts[status] = (statusCounts[status] ?? 0) + Number(sums.total(statusChangeSlot + status));
        }
        operatingCapacity += sums.total(operatingCapacityChangeSlot);
      }
      cumulativeInvestment += totals.flow(investmentSlot);
      cumulativeReductions += totals.flow(reductionsSlot);
      cumulativeDisbursed += totals.flow(disbursedSlot);
      const covered = sums === undefined ? 0 : Number(sums.total(coveredSlot));
      previousMonth = emit(
        'month',
        monthLabel(month),
        totals,
        covered,
        previousMonth,
        monthCode(month),
        month,
      );
      quarter.addTotals(totals);
      year.addTotals(totals);
      if (endsQuarter(month) || month === last) {
        const index = quarterOfMonth(month);
        const covered = series.coveredByQuarter.get(index) ?? 0;
        previousQuarter = emit(
          'quarter',
          quarterLabel(index),
          quarter,
          covered,
          previousQuarter,
          quarterCode(index),
          month,
        );
        quarter = new PeriodTotals();
      }
      if (endsYear(month) || month === last) {
        const index = yearOfMonth(month);
        previousYear = emit(
          'year',
          yearLabel(index),
          year,
          series.coveredByYear.get(index) ?? 0,
          previousYear,
          yearCode(index),
          month,
        );
        year = new PeriodTotals();
      }
    }
  }

  /**
   * The contributor statistics of one item's cells: flows from the period's tally, stocks from its
   * last month's, components by `indicator.key`, and `reporting_coverage` counting the projects
   * operating at the period end.
   */
  private statisticsOf(
    series: Series,
    flowCode: number,
    endMonth: number,
    totals: PeriodTotals,
    operating: number,
  ): CellStatistics {
    const cells: CellStatistics = {};
    const flows = series.tallies.get(flowCode);
    const stocks = series.tallies.get(monthCode(endMonth));
    const none = { count: 0, sumAbs: 0n, maxAbs: 0 };
    for (const [slot, name] of flowCells) cells[name] = flows?.stats(slot) ?? none;
    for (const [slot, name] of stockCells) cells[name] = stocks?.stats(slot) ?? none;
    for (const slot of totals.components.keys()) {
      const component = this.components[slot - fixedSlotCount];
      if (component) cells[`${component.indicator}.${component.key}`] = flows?.stats(slot) ?? none;
    }
    cells.reporting_coverage = { count: operating, sumAbs: 0n, maxAbs: 0 };
    return cells;
  }

  /** An object-valued indicator of a period: its keys in order, values to 3 decimals or cents. */
  private objectOf(totals: PeriodTotals, indicator: ObjectIndicator, places: 2 | 3): Record<string, number> {
    const entries: Array<[string, number]> = [];
    for (const [slot, units] of totals.components) {
      const component = this.components[slot - fixedSlotCount];
      if (component?.indicator === indicator) entries.push([component.key, fromUnits(units, places)]);
    }
    return Object.fromEntries(entries.sort(([a], [b]) => compareComponentKeys(a, b)));
  }

  private indicatorsOf(
    totals: PeriodTotals,
    stocks: Stocks,
    covered: number,
    previous: GrowthBasis | undefined,
  ): Record<IndicatorName, IndicatorValue> {
    const generation = totals.flow(generationSlot);
    const reductions = totals.flow(reductionsSlot);
    const operating = stocks.statusCounts[operatingStatus] ?? 0;
    return {
      projects_by_status: Object.fromEntries(
        lifecycleStatuses.map((status, index) => [status, stocks.statusCounts[index] ?? 0]),
      ),
      operating_capacity_mw: fromUnits(stocks.operatingCapacity, 3),
      capacity_added_mw: fromUnits(totals.flow(capacityAddedSlot), 3),
      investment_committed_usd: fromUnits(totals.flow(investmentSlot), 2),
      investment_cumulative_usd: fromUnits(stocks.cumulativeInvestment, 2),
      investment_by_direction_usd: this.objectOf(totals, 'investment_by_direction_usd', 2),
      generation_mwh: fromUnits(generation, 3),
      project_emissions_tco2e: fromUnits(totals.flow(projectEmissionsSlot), 3),
      baseline_emissions_tco2e: fromUnits(totals.flow(baselineEmissionsSlot), 3),
      emission_reductions_tco2e: fromUnits(reductions, 3),
      verified_reductions_tco2e: fromUnits(totals.flow(verifiedReductionsSlot), 3),
      verified_share: ratio(totals.flow(verifiedReductionsSlot), reductions),
      emissions_intensity_tco2e_per_mwh: ratio(totals.flow(intensityEmissionsSlot), generation),
      // (thousandths of t) / (cents / 1e8 per million USD) = thousandths × 1e5 / cents.
      carbon_productivity_tco2e_per_musd: ratio(
        stocks.cumulativeReductions,
        stocks.cumulativeInvestment,
        100_000n,
      ),
      attributed_reductions_tco2e: this.objectOf(totals, 'attributed_reductions_tco2e', 3),
      reporting_coverage: ratio(BigInt(covered), BigInt(operating)),
      growth_vs_previous: {
        operating_capacity_mw: growth(stocks.operatingCapacity, previous?.operatingCapacity),
        generation_mwh: growth(generation, previous?.generation),
        emission_reductions_tco2e: growth(reductions, previous?.reductions),
      },
      investment_disbursed_usd: fromUnits(totals.flow(disbursedSlot), 2),
      investment_disbursed_cumulative_usd: fromUnits(stocks.cumulativeDisbursed, 2),
      disbursement_ratio: ratio(stocks.cumulativeDisbursed, stocks.cumulativeInvestment),
      expected_reductions_tco2e: fromUnits(totals.flow(expectedReductionsSlot), 3),
      reductions_vs_expected: ratio(totals.flow(targetedReductionsSlot), totals.flow(expectedReductionsSlot)),
      generation_vs_expected: ratio(totals.flow(targetedGenerationSlot), totals.flow(expectedGenerationSlot)),
    };
  }
}
