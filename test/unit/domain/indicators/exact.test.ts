import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSums, fromUnits, ratio, unitsOf } from '../../../../shared/domain/indicators/exact.ts';
import { decimalOf, roundToNumber } from '../../../../shared/domain/metrics/decimal.ts';

describe('unitsOf', () => {
  it.each([
    [1.0005, 3, 1001],
    [-1.0005, 3, -1001],
    [0.0005, 3, 1],
    [1.00049, 3, 1000],
    [3587.95, 3, 3_587_950],
    [1.005, 2, 101],
    [12.345, 2, 1235],
    [49_876_543.21, 2, 4_987_654_321],
  ] as const)('reads %d as %d places of units: %d', (value, places, expected) => {
    expect(unitsOf(value, places)).toBe(expected);
  });

  it('answers 0, never −0, for a negative value that rounds away', () => {
    expect(Object.is(unitsOf(-0.0004, 3), 0)).toBe(true);
  });

  it('answers a bigint beyond 2^52 units', () => {
    expect(unitsOf(1e16, 3)).toBe(10n ** 19n);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (value) => {
    expect(() => unitsOf(value, 3)).toThrow(RangeError);
  });

  it('rounds like the decimal arithmetic, for any number up to 1e12', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
        const units = unitsOf(value, 3);
        expect(fromUnits(BigInt(units), 3)).toBe(roundToNumber(decimalOf(value), 3));
      }),
    );
  });
});

describe('ExactSums', () => {
  it('carries sums beyond 2^52 into a bigint without losing a unit', () => {
    const sums = new ExactSums(1);
    for (let i = 0; i < 3; i++) sums.add(0, 2 ** 52 + 1);
    sums.add(0, 10n ** 20n);
    sums.add(0, -1);

    expect(sums.total(0)).toBe(3n * (2n ** 52n + 1n) + 10n ** 20n - 1n);
  });

  it('knows which slots were added to, a 0 included', () => {
    const sums = new ExactSums(2);
    sums.add(5, 0);

    expect([sums.has(1), sums.has(4), sums.has(5)]).toEqual([true, false, true]);
    expect(sums.slotCount).toBe(6);
  });
});

describe('ratio', () => {
  it.each([
    [1n, 3n, 1n, 0.333333],
    [2n, 3n, 1n, 0.666667],
    [-2n, 3n, 1n, -0.666667],
    [2n, -3n, 1n, -0.666667],
    [1n, 2_000_000n, 1n, 0.000001],
    [-1n, 2_000_000n, 1n, -0.000001],
    [1n, 8n, 1n, 0.125],
    [3n, 7n, 100_000n, 42_857.142857],
  ])('rounds %d / %d (× %d) half away from zero to %d', (numerator, denominator, multiplier, expected) => {
    expect(ratio(numerator, denominator, multiplier)).toBe(expected);
  });

  it('is null over 0 and 0 (never −0) over anything else', () => {
    expect(ratio(5n, 0n)).toBeNull();
    expect(Object.is(ratio(0n, -5n), 0)).toBe(true);
    expect(Object.is(ratio(-1n, 10_000_000n), 0)).toBe(true);
  });
});

describe('fromUnits', () => {
  it('reads thousandths and cents back as the decimals they count', () => {
    expect([fromUnits(-5n, 3), fromUnits(0n, 3), fromUnits(29_567_901_123n, 2)]).toEqual([
      -0.005, 0, 295_679_011.23,
    ]);
  });
});
