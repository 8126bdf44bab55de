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
import { ExactSums, jsonUnits } from './exact.ts';
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

/**
 * The contributor statistics of every slot of one period of one group: packed arrays for the slots
 * every group has, a map for the components (few per group).
 */
export class CellTally {
  private readonly counts: Int32Array;
  private readonly maxima: Float64Array;
  private readonly sums: ExactSums;
  private extraCounts: Map<number, number> | undefined;
  private extraMaxima: Map<number, number> | undefined;

  constructor(private readonly initialSlots: number) {
    this.counts = new Int32Array(initialSlots);
    this.maxima = new Float64Array(initialSlots);
    this.sums = new ExactSums(initialSlots);
  }

  /** One contributor with `units` (a project counts once per cell: give its whole contribution). */
  add(slot: number, units: number): void {
    const magnitude = units < 0 ? -units : units;
    if (slot < this.initialSlots) {
      this.counts[slot] = (this.counts[slot] as number) + 1;
      if (magnitude > (this.maxima[slot] as number)) this.maxima[slot] = magnitude;
    } else {
      this.extraCounts ??= new Map();
      this.extraMaxima ??= new Map();
      this.extraCounts.set(slot, (this.extraCounts.get(slot) ?? 0) + 1);
      if (magnitude > (this.extraMaxima.get(slot) ?? 0)) this.extraMaxima.set(slot, magnitude);
    }
    this.sums.add(slot, magnitude);
  }

  /**
   * Adds another tally's statistics of a slot (the contributors of another shard, `docs/indicator-job.md`):
   * counts and sums add, the largest contribution is the larger one. Exact, and the same in any order,
   * because a project is in one shard only.
   */
  merge(slot: number, count: number, maxAbs: number, sumAbs: number | bigint): void {
    if (slot < this.initialSlots) {
      this.counts[slot] = (this.counts[slot] as number) + count;
      if (maxAbs > (this.maxima[slot] as number)) this.maxima[slot] = maxAbs;
    } else {
      this.extraCounts ??= new Map();
      this.extraMaxima ??= new Map();
      this.extraCounts.set(slot, (this.extraCounts.get(slot) ?? 0) + count);
      if (maxAbs > (this.extraMaxima.get(slot) ?? 0)) this.extraMaxima.set(slot, maxAbs);
    }
    this.sums.add(slot, sumAbs);
  }

  /** Every slot with a contributor, as `[slot, count, maxAbs, sumAbs]` (JSON; see `jsonUnits`). */
  entries(): Array<[number, number, number, number | string]> {
    const entries: Array<[number, number, number, number | string]> = [];
    for (let slot = 0; slot < this.initialSlots; slot++) {
      const count = this.counts[slot] as number;
      if (count > 0)
        entries.push([slot, count, this.maxima[slot] as number, jsonUnits(this.sums.total(slot))]);
    }
    for (const [slot, count] of this.extraCounts ?? []) {
      entries.push([slot, count, this.extraMaxima?.get(slot) ?? 0, jsonUnits(this.sums.total(slot))]);
    }
    return entries;
  }

  /** The statistics of a slot; no contributor gives a count of 0. */
  stats(slot: number): ContributorStats {
    const fixed = slot < this.initialSlots;
    const count = fixed ? (this.counts[slot] as number) : (this.extraCounts?.get(slot) ?? 0);
    return {
      count,
      sumAbs: count === 0 ? 0n : this.sums.total(slot),
      maxAbs: fixed ? (this.maxima[slot] as number) : (this.extraMaxima?.get(slot) ?? 0),
    };
  }
}

/** What a project folds its contributions into: one of its (slice, key) groups. */
export interface TallyTarget {
  tally(code: number): CellTally;
}

/**
 * One project's flows per (month, slot), kept in typed arrays over the project's months (`start` to
 * `start + span − 1`), then rolled up into quarters and years when folded into its groups. The
 * `flowSlots` first slots are dense; later slots (components) get an array each when first used.
 * Values are unit counts; a bigint input (beyond ±2^52 units, far above any real project) is taken
 * as the nearest double, which only the dominance ratio reads.
 */
export class ProjectShares {
  private readonly flows: Float64Array;
  private readonly present: Uint8Array;
  private readonly components = new Map<number, { values: Float64Array; present: Uint8Array }>();

  constructor(
    private readonly start: number,
    private readonly span: number,
    private readonly flowSlots: number,
  ) {
    this.flows = new Float64Array(span * flowSlots);
    this.present = new Uint8Array(span * flowSlots);
  }

  /** Adds to the project's flow of a slot in a month (a month of its span). */
  addFlow(month: number, slot: number, units: number | bigint): void {
    const offset = month - this.start;
    if (slot < this.flowSlots) {
      const index = offset * this.flowSlots + slot;
      this.flows[index] = (this.flows[index] as number) + Number(units);
      this.present[index] = 1;
      return;
    }
    let component = this.components.get(slot);
    if (component === undefined) {
      component = { values: new Float64Array(this.span), present: new Uint8Array(this.span) };
      this.components.set(slot, component);
    }
    component.values[offset] = (component.values[offset] as number) + Number(units);
    component.present[offset] = 1;
  }

  /** The project's flow of a (dense) slot in a month, or undefined when it has none (an entry of 0 counts). */
  monthFlow(month: number, slot: number): number | undefined {
    const index = (month - this.start) * this.flowSlots + slot;
    return this.present[index] === 1 ? (this.flows[index] as number) : undefined;
  }

  /** Adds the project, as one contributor, to every cell of its months, quarters and years in each target. */
  foldInto(targets: readonly TallyTarget[]): void {
    const slots = this.flowSlots;
    const quarter = new PeriodShares(slots);
    const year = new PeriodShares(slots);
    const month = new PeriodShares(slots);
    for (let offset = 0; offset < this.span; offset++) {
      const m = this.start + offset;
      month.clear();
      for (let slot = 0; slot < slots; slot++) {
        const index = offset * slots + slot;
        if (this.present[index] === 1) month.add(slot, this.flows[index] as number);
      }
      for (const [slot, component] of this.components) {
        if (component.present[offset] === 1) month.add(slot, component.values[offset] as number);
      }
      month.foldInto(targets, monthCode(m));
      quarter.addAll(month);
      year.addAll(month);
      const lastOfSpan = offset === this.span - 1;
      if (m % 3 === 2 || lastOfSpan) {
        quarter.foldInto(targets, quarterCode(quarterOfMonth(m)));
        quarter.clear();
      }
      if (m % 12 === 11 || lastOfSpan) {
        year.foldInto(targets, yearCode(yearOfMonth(m)));
        year.clear();
      }
    }
  }
}

/** One project's flows in one period, dense slots first, then components. */
class PeriodShares {
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  private readonly extra = new Map<number, number>();
  private any = false;

  constructor(private readonly slots: number) {
    this.values = new Float64Array(slots);
    this.present = new Uint8Array(slots);
  }

  add(slot: number, value: number): void {
    this.any = true;
    if (slot < this.slots) {
      this.values[slot] = (this.values[slot] as number) + value;
      this.present[slot] = 1;
    } else {
      this.extra.set(slot, (this.extra.get(slot) ?? 0) + value);
    }
  }

  addAll(other: PeriodShares): void {
    if (!other.any) return;
    for (let slot = 0; slot < this.slots; slot++) {
      if (other.present[slot] === 1) this.add(slot, other.values[slot] as number);
    }
    for (const [slot, value] of other.extra) this.add(slot, value);
  }

  foldInto(targets: readonly TallyTarget[], code: number): void {
    if (!this.any) return;
    for (const target of targets) {
      const tally = target.tally(code);
      for (let slot = 0; slot < this.slots; slot++) {
        if (this.present[slot] === 1) tally.add(slot, this.values[slot] as number);
      }
      for (const [slot, value] of this.extra) tally.add(slot, value);
    }
  }

  clear(): void {
    if (!this.any) return;
    this.values.fill(0);
    this.present.fill(0);
    this.extra.clear();
    this.any = false;
  }
}

/** The cumulative reductions behind `carbon_productivity_tco2e_per_musd`: not published, but derivable from it. */
export const cumulativeReductionsCell = '~cumulative_reductions';
/** The project emissions of reports giving generation, behind `emissions_intensity_tco2e_per_mwh`. */
export const intensityEmissionsCell = '~intensity_emissions';

/** A twelfth of the annual generation targets, behind `generation_vs_expected`. */
export const expectedGenerationCell = '~expected_generation';
/** The reductions of projects stating a reductions target, in their operating months: behind `reductions_vs_expected`. */
export const targetedReductionsCell = '~targeted_reductions';
/** The generation of projects stating a generation target, in their operating months: behind `generation_vs_expected`. */
export const targetedGenerationCell = '~targeted_generation';

/** Per item: the contributor statistics of each of its cells, by cell name (`indicator` or `indicator.component`). */
export type CellStatistics = Record<string, ContributorStats>;
