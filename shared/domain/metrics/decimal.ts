/**
 * Exact decimal arithmetic for the emissions accounting, so that stored figures are what a person
 * gets on paper from the numbers sent.
 *
 * Binary floats cannot hold most decimals: 0.0125 × 29.8 is 0.3725 on paper, but as doubles it may
 * land just below or above, and 1.0005 is stored as 1.000499999…, which naive rounding turns into
 * 1.000. Here each number is read as the decimal it prints as (its shortest round-trip form, which
 * for a number parsed from JSON is exactly the digits that were sent), and sums and products are
 * carried out on scaled big integers, without any rounding until the one rounding of a stored value.
 */

/** An exact decimal: `units × 10^-scale`, with `scale ≥ 0`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const zero: Decimal = { units: 0n, scale: 0 };

const pow10Cache = new Map<number, bigint>();

function pow10(exponent: number): bigint {
  let power = pow10Cache.get(exponent);
  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    pow10Cache.set(exponent, power);
  }
  return power;
}

/**
 * The decimal a finite number prints as (its shortest round-trip representation): `1.0005` is
 * 1.0005, not the binary 1.000499999999999989….
 * @throws RangeError for NaN and ±Infinity
 */
export function decimalOf(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const [mantissa = '0', exponentText = '0'] = String(value).split('e');
  const negative = mantissa.startsWith('-');
  const [integerDigits = '0', fractionDigits = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  const magnitude = BigInt(integerDigits + fractionDigits);
  const scale = fractionDigits.length - Number(exponentText);
  const units = negative ? -magnitude : magnitude;
  return scale >= 0 ? { units, scale } : { units: units * pow10(-scale), scale: 0 };
}

function atScale(value: Decimal, scale: number): bigint {
  return value.units * pow10(scale - value.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: atScale(a, scale) + atScale(b, scale), scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: atScale(a, scale) - atScale(b, scale), scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(add, zero);
}

/**
 * Rounds to `places` decimals, half away from zero (0.3725 → 0.373, −0.3725 → −0.373; −0.0004 → 0,
 * never −0), and answers the nearest number. Up to about 9e12 at 3 places (2^53 thousandths) that number prints exactly as
 * the rounded decimal; beyond, a double has no digit left at that place and holds the nearest it can.
 */
export function roundToNumber(value: Decimal, places: number): number {
  if (value.scale <= places) return toNumber(value);
  const divisor = pow10(value.scale - places);
  const magnitude = value.units < 0n ? -value.units : value.units;
  const quotient = magnitude / divisor;
  const remainder = magnitude % divisor;
  const rounded = 2n * remainder >= divisor ? quotient + 1n : quotient;
  // A negative value that rounds to nothing is 0, not -0.
  return Number(`${value.units < 0n && rounded > 0n ? '-' : ''}${rounded}e-${places}`);
}

/** The nearest number to an exact decimal. */
export function toNumber(value: Decimal): number {
  return Number(`${value.units}e-${value.scale}`);
}

/** The exact decimal as a plain string, without exponent or trailing zeros: `0.3725`, `-55`, `0`. */
export function toDecimalString(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - value.scale);
  const fractionPart = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  const text = fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`;
  return negative && text !== '0' ? `-${text}` : text;
}
