/**
 * Contributor statistics of indicator cells, for statistical disclosure control
 * (`docs/disclosure-control.md`): for each cell, how many accepted projects enter it, the sum of
 * their absolute contributions and the largest absolute contribution. That is all the primary rules
 * (minimum frequency, dominance) need, and it folds like the sums themselves: one project at a time,
 * with memory per (period, slice, key) group and never per report.
 *
 * A project's contribution to a quarter or a year is the sum of its months there, so a project's
 * flows are first gathered per period in `ProjectShares` (one project's data, dropped after it is
 * folded) and then added to each of its groups' `CellTally`.
 */
import { ExactSums } from './exact.ts';
import { quarterOfMonth, yearOfMonth } from './periods.ts';

/** Who enters one cell: the contributor count, Σ|contribution| and max |contribution| (in units). */
export interface ContributorStats {
  readonly count: number;
  /** In the cell's integer units (thousandths or cents); exact. */
  readonly sumAbs: bigint;
  /** In the same units. */
  readonly maxAbs: number;
}

/** A period code: months, quarters and years in one integer space (month × 3, quarter × 3 + 1, year × 3 + 2). */
export const monthCode = (month: number): number => month * 3;
export const quarterCode = (quarter: number): number => quarter * 3 + 1;
export const yearCode = (year: number): number => year * 3 + 2;

/** The contributor statistics of every slot of one period of one group. */
export class CellTally {
  private readonly counts: number[] = [];
  private readonly maxima: number[] = [];
  private readonly sums: ExactSums;

  constructor(initialSlots: number) {
    this.sums = new ExactSums(initialSlots);
  }

  /** One contributor with `units` (a project counts once per cell: give its whole contribution). */
  add(slot: number, units: number): void {
    const magnitude = Math.abs(units);
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
    if (magnitude > (this.maxima[slot] ?? 0)) this.maxima[slot] = magnitude;
    this.sums.add(slot, magnitude);
  }

  /** The statistics of a slot; no contributor gives a count of 0. */
  stats(slot: number): ContributorStats {
    const count = this.counts[slot] ?? 0;
    return {
      count,
      sumAbs: count === 0 ? 0n : this.sums.total(slot),
      maxAbs: this.maxima[slot] ?? 0,
    };
  }
}

/**
 * One project's flows per (period, slot), months rolled up into their quarter and year as they come.
 * Values are unit counts; a bigint input (beyond ±2^52 units, far above any real project) is taken
 * as the nearest double, which only the dominance ratio reads.
 */
export class ProjectShares {
  readonly byPeriod = new Map<number, Map<number, number>>();

  /** Adds a month's flow to the month, its quarter and its year. */
  addFlow(month: number, slot: number, units: number | bigint): void {
    const value = Number(units);
    this.addTo(monthCode(month), slot, value);
    this.addTo(quarterCode(quarterOfMonth(month)), slot, value);
    this.addTo(yearCode(yearOfMonth(month)), slot, value);
  }

  /** The project's flow of a slot in a month, and whether it has one (an entry of 0 counts). */
  monthFlow(month: number, slot: number): number | undefined {
    return this.byPeriod.get(monthCode(month))?.get(slot);
  }

  private addTo(code: number, slot: number, value: number): void {
    let slots = this.byPeriod.get(code);
    if (slots === undefined) {
      slots = new Map();
      this.byPeriod.set(code, slots);
    }
    slots.set(slot, (slots.get(slot) ?? 0) + value);
  }
}

/** The cumulative reductions behind `carbon_productivity_tco2e_per_musd`: not published, but derivable from it. */
export const cumulativeReductionsCell = '~cumulative_reductions';
/** The project emissions of reports giving generation, behind `emissions_intensity_tco2e_per_mwh`. */
export const intensityEmissionsCell = '~intensity_emissions';

/** Per item: the contributor statistics of each of its cells, by cell name (`indicator` or `indicator.component`). */
export type CellStatistics = Record<string, ContributorStats>;
