/**
 * Exact sums for the indicators, fast enough for millions of reports.
 *
 * Every additive quantity is counted in integer units of its published precision: thousandths
 * (tCO2e, MWh, MW) or cents (USD). An input is first read as the decimal it prints as and rounded to
 * that precision, half away from zero (stored report figures and `usdAmount` already are, so this
 * changes nothing for them); from then on everything is integer addition, so that sums are exact,
 * independent of order, and months add up to quarters and years to the last unit after rounding.
 *
 * Integers are added as doubles while they stay within ±2^52, where every integer is exact; a sum
 * that would leave that range is carried into a bigint. So the common case costs one float addition
 * and one comparison, and no sum is ever rounded.
 */
import { decimalOf } from '../metrics/decimal.ts';

/** Every integer up to 2^53 is exact as a double; two addends of at most 2^52 cannot pass it. */
const smallLimit = 2 ** 52;
/** Below this many units a float product `value × 10^places` is within 1e-3 of the decimal's (ulp ≤ 2^-13). */
const fastPathLimit = 2 ** 40;

const powersOfTen = [1, 10, 100, 1000] as const;

/** Decimal places of an indicator's units: 3 for tCO2e, MWh and MW, 2 for USD. */
export type UnitPlaces = 2 | 3;

/**
 * `value` in integer units of `10^-places`, rounded half away from zero on the decimal the number
 * prints as: 1.0005 t is 1001 thousandths, −0.0005 t is −1. A bigint only when beyond ±2^52 units.
 * @throws RangeError for NaN and ±Infinity
 */
export function unitsOf(value: number, places: UnitPlaces): number | bigint {
  const scaled = value * powersOfTen[places];
  const rounded = Math.round(scaled);
  // Far from a tie, the float product rounds like the decimal; ties and huge values take the exact path.
  if (Math.abs(scaled) < fastPathLimit && Math.abs(Math.abs(scaled - rounded) - 0.5) > 1e-3) {
    return rounded === 0 ? 0 : rounded;
  }
  return exactUnitsOf(value, places);
}

function exactUnitsOf(value: number, places: UnitPlaces): number | bigint {
  const decimal = decimalOf(value);
  let units: bigint;
  if (decimal.scale <= places) {
    units = decimal.units * 10n ** BigInt(places - decimal.scale);
  } else {
    const divisor = 10n ** BigInt(decimal.scale - places);
    const magnitude = decimal.units < 0n ? -decimal.units : decimal.units;
    const quotient = magnitude / divisor;
    const rounded = 2n * (magnitude % divisor) >= divisor ? quotient + 1n : quotient;
    units = decimal.units < 0n ? -rounded : rounded;
  }
  return units >= -BigInt(smallLimit) && units <= BigInt(smallLimit) ? Number(units) : units;
}

/**
 * Exact integer sums addressed by slot. The slots given to the constructor start at 0; others come
 * into being when first added to (even 0), so that `has` tells which keys a group has seen.
 *
 * The constructor's slots live in a `Float64Array` (packed doubles: no holes, no boxing), which the
 * indicator maths adds to about 30 times per report; the later slots are few and live in an array.
 */
export class ExactSums {
  private readonly fixed: Float64Array;
  private readonly extra: number[] = [];
  private big: Map<number, bigint> | undefined;

  constructor(initialSlots: number) {
    this.fixed = new Float64Array(initialSlots);
  }

  add(slot: number, units: number | bigint): void {
    if (typeof units === 'number' && slot < this.fixed.length) {
      const next = (this.fixed[slot] as number) + units;
      if (next <= smallLimit && next >= -smallLimit) {
        this.fixed[slot] = next;
        return;
      }
    }
    this.addSlowly(slot, units);
  }

  has(slot: number): boolean {
    return slot < this.fixed.length || this.extra[slot - this.fixed.length] !== undefined;
  }

  /** One past the highest slot added to. */
  get slotCount(): number {
    return this.fixed.length + this.extra.length;
  }

  total(slot: number): bigint {
    return BigInt(this.small(slot)) + (this.big?.get(slot) ?? 0n);
  }

  /**
   * Every slot that holds something, as `[slot, total]`: the fixed slots that are not 0, and every
   * later slot that was added to (0 included, since `has` tells a key apart from no key). A sum within
   * ±2^53 is a number, a larger one its decimal text, so the list is JSON that `addTotals` reads back.
   */
  totals(): Array<[number, number | string]> {
    const entries: Array<[number, number | string]> = [];
    for (let slot = 0; slot < this.slotCount; slot++) {
      if (!this.has(slot)) continue;
      const total = this.total(slot);
      if (total === 0n && slot < this.fixed.length) continue;
      entries.push([slot, jsonUnits(total)]);
    }
    return entries;
  }

  private small(slot: number): number {
    return (slot < this.fixed.length ? this.fixed[slot] : this.extra[slot - this.fixed.length]) ?? 0;
  }

  private setSmall(slot: number, value: number): void {
    if (slot < this.fixed.length) this.fixed[slot] = value;
    else this.extra[slot - this.fixed.length] = value;
  }

  /** A bigint, a slot past the constructor's, or a sum that leaves ±2^52 (carried into a bigint). */
  private addSlowly(slot: number, units: number | bigint): void {
    if (typeof units === 'bigint') {
      this.carry(slot, units);
      this.setSmall(slot, this.small(slot));
      return;
    }
    const next = this.small(slot) + units;
    if (next > smallLimit || next < -smallLimit) {
      this.carry(slot, BigInt(next));
      this.setSmall(slot, 0);
    } else {
      this.setSmall(slot, next);
    }
  }

  private carry(slot: number, units: bigint): void {
    this.big ??= new Map();
    this.big.set(slot, (this.big.get(slot) ?? 0n) + units);
  }
}

/** Exact units as JSON: a number while every integer is exact as a double, its decimal text beyond. */
export function jsonUnits(units: bigint): number | string {
  return units >= -BigInt(Number.MAX_SAFE_INTEGER) && units <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(units)
    : units.toString();
}

/**
 * Units written by `jsonUnits`, in the form `ExactSums.add` takes fastest.
 * @throws SyntaxError for text that is not an integer
 */
export function unitsFromJson(value: number | string): number | bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not a whole number of units: ${value}`);
    return value;
  }
  const units = BigInt(value);
  return units >= -BigInt(smallLimit) && units <= BigInt(smallLimit) ? Number(units) : units;
}

/** The number an exact count of `10^-places` units stands for (3 decimals or cents; never −0). */
export function fromUnits(units: bigint, places: UnitPlaces): number {
  return units === 0n ? 0 : Number(`${units}e-${places}`);
}

const ratioScale = 1_000_000n;

/**
 * `numerator × multiplier / denominator`, rounded half away from zero to 6 decimals, computed on the
 * exact integers; null when the denominator is 0.
 */
export function ratio(numerator: bigint, denominator: bigint, multiplier = 1n): number | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n;
  const n = (numerator < 0n ? -numerator : numerator) * multiplier * ratioScale;
  const d = denominator < 0n ? -denominator : denominator;
  const millionths = (2n * n + d) / (2n * d);
  if (millionths === 0n) return 0;
  return Number(`${negative ? '-' : ''}${millionths}e-6`);
}
