import { describe, expect, it } from 'vitest';
import { roundToCents } from '../../../shared/domain/money.ts';

describe('roundToCents', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [1.004, 1],
    [0.1 + 0.2, 0.3],
    [8148.1422, 8148.14],
    [162.88615, 162.89],
    [0.005, 0.01],
    [0.0049, 0],
    [-1.005, -1.01],
    [123_456_789.125, 123_456_789.13],
    [0, 0],
  ])('rounds %d to %d', (value, expected) => {
    expect(roundToCents(value)).toBe(expected);
  });

  it('leaves values too large to have cents as they are', () => {
    expect(roundToCents(1e21)).toBe(1e21);
  });
});
