/**
 * The split of a project's reductions by participant country (`attributed_reductions_tco2e`).
 *
 * Each country's weight is the sum of its participants' `sharePct` (read as the decimals they print
 * as); the part no share covers (100 − Σ shares, all of it when no participant has a share) is
 * keyed `unattributed`. Shares that add up to a little more than 100 (the schema allows 1e-9 of
 * binary slack) are taken in proportion to their sum, so that no key goes negative.
 *
 * Each report's reductions (an integer number of thousandths) are split by the largest-remainder
 * method: every key gets the floor of its exact quota, and the thousandths left over go one each to
 * the keys with the largest remainders (ties to the key first in key order; a negative amount is
 * split as its magnitude and negated). So each report's parts add up exactly to its reductions, and
 * so does every sum of them: the keys of any period sum exactly to `emission_reductions_tco2e`, and
 * months still add up exactly to quarters and years. Each part is within one thousandth (1 kg) of
 * its exact proportional value.
 */
import { decimalOf } from '../metrics/decimal.ts';

/** The key of the part of reductions that no participant's share covers. */
export const unattributedKey = 'unattributed';

/** Products below 2^53 are exact in doubles. */
const exactProductLimit = 2 ** 53;

export interface Participant {
  readonly country: string;
  readonly sharePct?: number;
}

/** One project's split; `allocate` reuses its output buffer, so read it before the next call. */
export class Attribution {
  /** Countries with a positive share in code-unit order, then `unattributed` when some part is uncovered. */
  readonly keys: readonly string[];
  private readonly weights: readonly bigint[];
  private readonly denominator: bigint;
  private readonly numberWeights: Float64Array;
  private readonly numberDenominator: number;
  /** The largest magnitude whose products with every weight stay exact as doubles (−1: none). */
  private readonly numberLimit: number;
  private readonly parts: (number | bigint)[];
  private readonly remainders: Float64Array;

  constructor(keys: readonly string[], weights: readonly bigint[], denominator: bigint) {
    this.keys = keys;
    this.weights = weights;
    this.denominator = denominator;
    this.numberWeights = Float64Array.from(weights, Number);
    this.numberDenominator = Number(denominator);
    this.numberLimit =
      denominator <= BigInt(exactProductLimit) ? Math.floor(exactProductLimit / this.numberDenominator) : -1;
    this.parts = keys.map(() => 0);
    this.remainders = new Float64Array(keys.length);
  }

  /** `units` split over `keys` (same order); the parts sum exactly to `units`. */
  allocate(units: number | bigint): readonly (number | bigint)[] {
    if (this.keys.length === 1) {
      this.parts[0] = units;
    } else if (typeof units === 'number' && Math.abs(units) <= this.numberLimit) {
      this.allocateNumber(units);
    } else {
      this.allocateBig(BigInt(units));
    }
    return this.parts;
  }

  private allocateNumber(units: number): void {
    const magnitude = Math.abs(units);
    const denominator = this.numberDenominator;
    let left = magnitude;
    for (let k = 0; k < this.parts.length; k++) {
      const product = magnitude * (this.numberWeights[k] ?? 0);
      let quota = Math.floor(product / denominator);
      let remainder = product - quota * denominator;
      if (remainder < 0) {
        quota -= 1;
        remainder += denominator;
      } else if (remainder >= denominator) {
        quota += 1;
        remainder -= denominator;
      }
      this.parts[k] = quota;
      this.remainders[k] = remainder;
      left -= quota;
    }
    for (; left > 0; left--) {
      const k = this.largestRemainder();
      this.parts[k] = (this.parts[k] as number) + 1;
      this.remainders[k] = -1;
    }
    if (units < 0)
      for (let k = 0; k < this.parts.length; k++) this.parts[k] = -(this.parts[k] as number) || 0;
  }

  private allocateBig(units: bigint): void {
    const magnitude = units < 0n ? -units : units;
    const quotas: bigint[] = [];
    const remainders: bigint[] = [];
    let left = magnitude;
    for (const weight of this.weights) {
      const product = magnitude * weight;
      quotas.push(product / this.denominator);
      remainders.push(product % this.denominator);
      left -= product / this.denominator;
    }
    for (; left > 0n; left--) {
      let best = 0;
      for (let k = 1; k < remainders.length; k++) {
        if ((remainders[k] ?? -1n) > (remainders[best] ?? -1n)) best = k;
      }
      quotas[best] = (quotas[best] ?? 0n) + 1n;
      remainders[best] = -1n;
    }
    for (let k = 0; k < this.parts.length; k++) {
      const part = units < 0n ? -(quotas[k] ?? 0n) : (quotas[k] ?? 0n);
      this.parts[k] =
        part >= -BigInt(exactProductLimit / 2) && part <= BigInt(exactProductLimit / 2) ? Number(part) : part;
    }
  }

  private largestRemainder(): number {
    let best = 0;
    for (let k = 1; k < this.remainders.length; k++) {
      if ((this.remainders[k] ?? -1) > (this.remainders[best] ?? -1)) best = k;
    }
    return best;
  }
}

/**
 * The split for a project's participants.
 * @throws RangeError when a share is negative or not a finite number
 */
export function attributionOf(participants: readonly Participant[]): Attribution {
  const shares = new Map<string, { units: bigint; scale: number }[]>();
  let scale = 0;
  for (const { country, sharePct } of participants) {
    if (sharePct === undefined) continue;
    if (!(sharePct >= 0)) throw new RangeError(`A participant's sharePct must be 0–100, got ${sharePct}`);
    const share = decimalOf(sharePct);
    scale = Math.max(scale, share.scale);
    shares.set(country, [...(shares.get(country) ?? []), share]);
  }
  const countries: string[] = [];
  const weights: bigint[] = [];
  let covered = 0n;
  for (const [country, countryShares] of shares) {
    const weight = countryShares.reduce(
      (sum, share) => sum + share.units * 10n ** BigInt(scale - share.scale),
      0n,
    );
    if (weight > 0n) {
      countries.push(country);
      weights.push(weight);
      covered += weight;
    }
  }
  const order = countries
    .map((_, index) => index)
    .sort((a, b) => compareCodeUnits(countries[a], countries[b]));
  const whole = 100n * 10n ** BigInt(scale);
  const denominator = covered > whole ? covered : whole;
  const keys = order.map((index) => countries[index] ?? '');
  const keyWeights = order.map((index) => weights[index] ?? 0n);
  if (denominator > covered) {
    keys.push(unattributedKey);
    keyWeights.push(denominator - covered);
  }
  return new Attribution(keys, keyWeights, denominator);
}

/** Plain code-unit order, the same on every machine and locale. */
export function compareCodeUnits(a: string | undefined, b: string | undefined): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}
