import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  decimalOf,
  multiply,
  roundToNumber,
  subtract,
  toDecimalString,
  toNumber,
} from '../../../../shared/domain/metrics/decimal.ts';

const text = (value: number) => toDecimalString(decimalOf(value));

describe('decimalOf', () => {
  it.each([
    [1.0005, '1.0005'],
    [0.1, '0.1'],
    [-0.5, '-0.5'],
    [1.5e-7, '0.00000015'],
    [1e21, '1000000000000000000000'],
    [123_456_789.125, '123456789.125'],
    [0, '0'],
    [-0, '0'],
  ])('reads %d as the decimal %s it prints as', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %d', (value) => {
    expect(() => decimalOf(value)).toThrow(RangeError);
  });

  it('reads back to the same number, for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(toNumber(decimalOf(value))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe('decimal arithmetic', () => {
  it('is exact where doubles are not', () => {
    expect(text(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(toDecimalString(add(decimalOf(0.1), decimalOf(0.2)))).toBe('0.3');
    expect(toDecimalString(multiply(decimalOf(0.1725), decimalOf(29.8)))).toBe('5.1405');
    expect(toDecimalString(subtract(decimalOf(0.0006), decimalOf(0.0004)))).toBe('0.0002');
    expect(toDecimalString(subtract(decimalOf(1), decimalOf(1.25)))).toBe('-0.25');
  });

  it.each([
    ['5.1405', 5.141],
    ['-5.1405', -5.141],
    ['5.14049999', 5.14],
    ['0.0005', 0.001],
    ['-0.0004', 0],
    ['12', 12],
  ])('rounds %s to 3 places, half away from zero, as %d', (value, expected) => {
    const [units, fraction = ''] = value.replace('.', ' ').split(' ');
    const decimal = { units: BigInt(`${units}${fraction}`), scale: fraction.length };

    expect(Object.is(roundToNumber(decimal, 3), expected)).toBe(true);
  });
});
