/**
 * Money arithmetic on binary floats, made to agree with the decimal arithmetic a person would do.
 */

/**
 * Rounds to cents, half away from zero, on the decimal value the float stands for: 1.005 becomes
 * 1.01 (as on paper), although the nearest float to 1.005 is slightly below it. Fifteen significant
 * digits (what a float keeps exactly) first wash out the noise of the multiplication before it.
 * Beyond 2^53 cents a float has no cents to round, and the value is returned as it is.
 */
export function roundToCents(value: number): number {
  const [digits = '0', exponent = '0'] = Math.abs(value).toPrecision(15).split('e');
  const cents = Math.round(Number(`${digits}e${Number(exponent) + 2}`));
  if (!Number.isSafeInteger(cents)) return value;
  return (Math.sign(value) * cents) / 100;
}
