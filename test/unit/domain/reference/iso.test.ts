import { describe, expect, it } from 'vitest';
import {
  countryCodeSchema,
  currencyCodeSchema,
  isCountryCode,
  isCurrencyCode,
  isSubdivisionCode,
  isSubdivisionOf,
  subdivisionCodeSchema,
} from '../../../../shared/domain/reference/iso.ts';

describe('ISO 3166-1 country codes', () => {
  it.each(['JP', 'US', 'DE', 'AU', 'KR', 'PR'])('accepts the real code %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
    expect(countryCodeSchema.safeParse(code).success).toBe(true);
  });

  it.each([
    ['XX', 'unassigned'],
    ['ZZ', 'user-assigned'],
    ['EU', 'only reserved'],
    ['UK', 'only reserved (the code is GB)'],
    ['jp', 'lowercase'],
    ['JPN', 'alpha-3'],
    ['', 'empty'],
    ['toString', 'an Object.prototype member'],
  ])('rejects %s (%s)', (code) => {
    expect(isCountryCode(code)).toBe(false);
    expect(countryCodeSchema.safeParse(code).success).toBe(false);
  });
});

describe('ISO 3166-2 subdivision codes', () => {
  it.each(['JP-01', 'JP-13', 'JP-47', 'US-TX', 'US-CA', 'US-DC', 'US-PR', 'GB-BFS', 'FR-75C', 'AU-NSW'])(
    'accepts the real code %s',
    (code) => {
      expect(isSubdivisionCode(code)).toBe(true);
      expect(subdivisionCodeSchema.safeParse(code).success).toBe(true);
    },
  );

  it.each([
    ['JP-99', 'Japan has 47 prefectures'],
    ['JP-48', 'one past the last prefecture'],
    ['US-XX', 'no such state'],
    ['XX-01', 'no such country'],
    ['jp-13', 'lowercase'],
    ['JP13', 'no hyphen'],
    ['JP', 'a country, not a subdivision'],
  ])('rejects %s (%s) with one message', (code) => {
    const result = subdivisionCodeSchema.safeParse(code);

    expect(isSubdivisionCode(code)).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
  });

  it('tells whether a subdivision belongs to a country', () => {
    expect(isSubdivisionOf('JP-13', 'JP')).toBe(true);
    expect(isSubdivisionOf('US-TX', 'US')).toBe(true);
    expect(isSubdivisionOf('JP-13', 'US')).toBe(false);
    expect(isSubdivisionOf('JP-99', 'JP')).toBe(false);
  });
});

describe('ISO 4217 currency codes', () => {
  it.each(['JPY', 'USD', 'EUR', 'KRW', 'AUD', 'XCG'])('accepts the real code %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(currencyCodeSchema.safeParse(code).success).toBe(true);
  });

  it.each([
    ['ZZZ', 'no such currency'],
    ['usd', 'lowercase'],
    ['US', 'too short'],
    ['USDT', 'not ISO 4217'],
  ])('rejects %s (%s)', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});
