import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FxRate } from '../../../../shared/domain/reference/fx.ts';
import {
  type FxRateInput,
  fxRateInputSchema,
  fxRateRecordSchema,
  parseFxRateKey,
  putFxRate,
} from '../../../../shared/domain/reference/fx-rate-input.ts';
import { validationErrorFromZod } from '../../../../shared/domain/validation.ts';
import { anAdmin, now, validationErrorFrom } from '../factories.ts';

/** A valid `PUT /fx-rates/{currency}/{year}` body as JSON would bring it. */
function aBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    usdPerUnit: 0.0066,
    source: {
      title: 'Federal Reserve H.10, annual average',
      url: 'https://www.federalreserve.gov/releases/h10/',
    },
    ...overrides,
  };
}

function anInput(overrides: Record<string, unknown> = {}): FxRateInput {
  return fxRateInputSchema.parse(aBody(overrides));
}

function badFieldsOf(body: unknown): string[] {
  const result = fxRateInputSchema.safeParse(body);
  return result.success ? [] : validationErrorFromZod(result.error).errors.map((e) => e.path);
}

const ctx = { principal: anAdmin(), now };

describe('fxRateInputSchema', () => {
  it('accepts a rate with or without a source URL', () => {
    expect(badFieldsOf(aBody())).toEqual([]);
    expect(badFieldsOf(aBody({ source: { title: 'Statistical yearbook 2024, table 12' } }))).toEqual([]);
  });

  it.each([
    ['a zero rate', { usdPerUnit: 0 }, ['usdPerUnit']],
    ['a negative rate', { usdPerUnit: -0.0066 }, ['usdPerUnit']],
    ['a rate as a string', { usdPerUnit: '0.0066' }, ['usdPerUnit']],
    ['a rate of NaN', { usdPerUnit: Number.NaN }, ['usdPerUnit']],
    ['an infinite rate', { usdPerUnit: Number.POSITIVE_INFINITY }, ['usdPerUnit']],
    ['no rate', { usdPerUnit: undefined }, ['usdPerUnit']],
    ['an http source', { source: { title: 'H.10', url: 'http://www.federalreserve.gov/' } }, ['source.url']],
    ['a source without title', { source: { url: 'https://www.federalreserve.gov/' } }, ['source.title']],
    ['no source', { source: undefined }, ['source']],
    ['the currency in the body', { currency: 'JPY' }, ['currency']],
  ])('refuses %s, naming the field', (_case, overrides, expected) => {
    expect(badFieldsOf(aBody(overrides))).toEqual(expected);
  });

  it('gives JSON Schemas for the OpenAPI document', () => {
    expect(z.toJSONSchema(fxRateInputSchema, { io: 'input' })).toMatchObject({
      required: ['usdPerUnit', 'source'],
    });
    expect(z.toJSONSchema(fxRateRecordSchema)).toMatchObject({ type: 'object' });
  });
});

describe('parseFxRateKey (today 2025-06-15)', () => {
  it('reads the currency and the year from the path', () => {
    expect(parseFxRateKey('JPY', '2024', now)).toEqual({ currency: 'JPY', year: 2024 });
    expect(parseFxRateKey('EUR', '1990', now)).toEqual({ currency: 'EUR', year: 1990 });
    expect(parseFxRateKey('KRW', '2025', now)).toEqual({ currency: 'KRW', year: 2025 });
  });

  it.each([
    ['USD', '2024', ['currency']],
    ['jpy', '2024', ['currency']],
    ['ABC', '2024', ['currency']],
    ['JPY', '1989', ['year']],
    ['JPY', '2026', ['year']],
    ['JPY', '24', ['year']],
    ['JPY', '2024.0', ['year']],
    ['JPY', 'abcd', ['year']],
    ['JPY', '', ['year']],
    ['USD', '2026', ['currency', 'year']],
  ])('refuses %s %s, naming %j', (currency, year, expected) => {
    expect(validationErrorFrom(() => parseFxRateKey(currency, year, now)).errors.map((e) => e.path)).toEqual(
      expected,
    );
  });
});

describe('putFxRate', () => {
  it('stores a new rate as version 1, usable wherever an FxRate is', () => {
    const { rate, outcome } = putFxRate(undefined, 'JPY', 2024, anInput(), ctx);
    const asFxRate: FxRate = rate;

    expect(outcome).toBe('created');
    expect(asFxRate).toEqual({
      currency: 'JPY',
      year: 2024,
      usdPerUnit: 0.0066,
      source: {
        title: 'Federal Reserve H.10, annual average',
        url: 'https://www.federalreserve.gov/releases/h10/',
      },
      version: 1,
      updatedAt: now,
      updatedBy: 'user-admin',
    });
    expect(fxRateRecordSchema.safeParse(rate).success).toBe(true);
  });

  it('leaves an absent source URL absent', () => {
    const { rate } = putFxRate(undefined, 'JPY', 2024, anInput({ source: { title: 'Yearbook' } }), ctx);

    expect(rate.source).toEqual({ title: 'Yearbook' });
    expect(Object.keys(rate.source)).toEqual(['title']);
  });

  it('makes the next version when the rate or its source changes', () => {
    const v1 = putFxRate(undefined, 'JPY', 2024, anInput({ source: { title: 'Yearbook' } }), ctx).rate;

    const v2 = putFxRate(
      v1,
      'JPY',
      2024,
      anInput({ usdPerUnit: 0.00661, source: { title: 'Yearbook' } }),
      ctx,
    );
    const v3 = putFxRate(v2.rate, 'JPY', 2024, anInput({ usdPerUnit: 0.00661 }), ctx);

    expect([v2.outcome, v2.rate.version]).toEqual(['updated', 2]);
    expect([v3.outcome, v3.rate.version]).toEqual(['updated', 3]);
  });

  it('keeps the version, and answers the stored rate, when nothing changes', () => {
    const current = putFxRate(undefined, 'JPY', 2024, anInput(), ctx).rate;

    const { rate, outcome } = putFxRate(current, 'JPY', 2024, anInput(), {
      principal: anAdmin({ subject: 'user-admin-2' }),
      now: '2025-07-01T00:00:00.000Z',
    });

    expect(outcome).toBe('unchanged');
    expect(rate).toBe(current);
  });

  it('refuses USD and years outside 1990 … the current year', () => {
    const error = validationErrorFrom(() => putFxRate(undefined, 'USD', 2031, anInput(), ctx));

    expect(error.errors.map((e) => e.path)).toEqual(['currency', 'year']);
    expect(validationErrorFrom(() => putFxRate(undefined, 'JPY', 1989, anInput(), ctx)).errors[0]?.path).toBe(
      'year',
    );
  });

  it('treats a stored rate of another key as a caller’s mistake', () => {
    const current = putFxRate(undefined, 'JPY', 2024, anInput(), ctx).rate;

    expect(() => putFxRate(current, 'JPY', 2023, anInput(), ctx)).toThrow(TypeError);
  });
});
