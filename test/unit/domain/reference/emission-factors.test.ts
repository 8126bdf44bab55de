import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type EmissionFactorInput,
  emissionFactorIdSchema,
  emissionFactorInputSchema,
  emissionFactorSchema,
  putEmissionFactor,
  regionCountry,
} from '../../../../shared/domain/reference/emission-factors.ts';
import { validationErrorFromZod } from '../../../../shared/domain/validation.ts';
import { anAdmin, now, validationErrorFrom } from '../factories.ts';

/** A valid `PUT /emission-factors/{id}` body as JSON would bring it. */
function aBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    region: 'JP',
    year: 2023,
    tco2PerMwh: 0.452,
    method: 'national_average',
    source: {
      title: 'Sample national grid factor (tests)',
      url: 'https://www.env.go.jp/earth/ghg-santeikohyo/',
    },
    ...overrides,
  };
}

function anInput(overrides: Record<string, unknown> = {}): EmissionFactorInput {
  return emissionFactorInputSchema.parse(aBody(overrides));
}

function badFieldsOf(body: unknown): string[] {
  const result = emissionFactorInputSchema.safeParse(body);
  return result.success ? [] : validationErrorFromZod(result.error).errors.map((e) => e.path);
}

const ctx = { principal: anAdmin(), now };
const later = { principal: anAdmin({ subject: 'user-admin-2' }), now: '2025-07-01T00:00:00.000Z' };

describe('emissionFactorInputSchema', () => {
  it.each([[null], [[]], [[aBody()]], [1], ['factor']])('refuses %j as a whole, without throwing', (body) => {
    expect(badFieldsOf(body)).toEqual(['']);
  });

  it.each([
    ['a country', { region: 'JP' }],
    ['a subdivision', { region: 'JP-13', method: 'combined_margin' }],
    ['a US state', { region: 'US-TX', method: 'operating_margin' }],
    ['an eGRID subregion', { region: 'US-ERCT', method: 'grid_subregion' }],
    ['an ISO grid', { region: 'US-ERCOT', method: 'grid_subregion' }],
    ['a utility area', { region: 'JP-TEPCO', method: 'grid_subregion' }],
    ['the largest factor', { tco2PerMwh: 2 }],
    ['a tiny factor', { tco2PerMwh: 0.000_1 }],
    ['the first year', { year: 1990 }],
    ['the build margin', { method: 'build_margin' }],
  ])('accepts %s', (_case, overrides) => {
    expect(badFieldsOf(aBody(overrides))).toEqual([]);
  });

  it.each([
    ['a lowercase region', { region: 'jp' }, ['region']],
    ['an unassigned country', { region: 'XX' }, ['region']],
    ['an unassigned country with a grid', { region: 'XX-GRID', method: 'grid_subregion' }, ['region']],
    ['the eGRID-only spelling', { region: 'eGRID-ERCT', method: 'grid_subregion' }, ['region']],
    ['a grid code without grid_subregion', { region: 'US-ERCT' }, ['region']],
    ['a subdivision that does not exist', { region: 'JP-99' }, ['region']],
    ['grid_subregion for a whole country', { region: 'US', method: 'grid_subregion' }, ['region']],
    ['a factor of 0', { tco2PerMwh: 0 }, ['tco2PerMwh']],
    ['a negative factor', { tco2PerMwh: -0.4 }, ['tco2PerMwh']],
    ['a factor over 2', { tco2PerMwh: 2.01 }, ['tco2PerMwh']],
    ['a factor as a string', { tco2PerMwh: '0.4' }, ['tco2PerMwh']],
    ['an unknown method', { method: 'marginal' }, ['method']],
    ['a year before 1990', { year: 1989 }, ['year']],
    ['a fractional year', { year: 2023.5 }, ['year']],
    ['an http source', { source: { title: 'MoE', url: 'http://www.env.go.jp/' } }, ['source.url']],
    ['an ftp source', { source: { title: 'MoE', url: 'ftp://www.env.go.jp/' } }, ['source.url']],
    ['a source on localhost', { source: { title: 'MoE', url: 'https://localhost/' } }, ['source.url']],
    ['a source on an IP address', { source: { title: 'MoE', url: 'https://10.0.0.1/' } }, ['source.url']],
    ['a source without slashes', { source: { title: 'MoE', url: 'https:www.env.go.jp' } }, ['source.url']],
    ['a source without URL', { source: { title: 'MoE' } }, ['source.url']],
    ['a source without title', { source: { title: ' ', url: 'https://www.env.go.jp/' } }, ['source.title']],
    ['an id in the body', { id: 'jp-national-2023' }, ['id']],
    ['a version in the body', { version: 3 }, ['version']],
  ])('refuses %s, naming the field', (_case, overrides, expected) => {
    expect(badFieldsOf(aBody(overrides))).toEqual(expected);
  });

  it('gives JSON Schemas for the OpenAPI document', () => {
    expect(z.toJSONSchema(emissionFactorInputSchema, { io: 'input' })).toMatchObject({
      type: 'object',
      required: ['region', 'year', 'tco2PerMwh', 'method', 'source'],
    });
    expect(z.toJSONSchema(emissionFactorSchema)).toMatchObject({ type: 'object' });
  });

  it('knows the country of every kind of region', () => {
    expect(['JP', 'JP-13', 'US-ERCT'].map(regionCountry)).toEqual(['JP', 'JP', 'US']);
  });
});

describe('emissionFactorIdSchema', () => {
  it.each(['jp-national-2023', 'us-erct-2022', 'egrid.2022_erct', '123'])('accepts %j', (id) => {
    expect(emissionFactorIdSchema.safeParse(id).success).toBe(true);
  });

  it.each(['JP-national', 'ab', '-leading-dash', 'with space', 'a/b', 'x'.repeat(65), ''])(
    'refuses %j',
    (id) => {
      expect(emissionFactorIdSchema.safeParse(id).success).toBe(false);
    },
  );
});

describe('putEmissionFactor', () => {
  it('stores a new factor as version 1', () => {
    const { factor, outcome } = putEmissionFactor(undefined, 'jp-national-2023', anInput(), ctx);

    expect(outcome).toBe('created');
    expect(factor).toEqual({
      id: 'jp-national-2023',
      region: 'JP',
      year: 2023,
      tco2PerMwh: 0.452,
      method: 'national_average',
      source: {
        title: 'Sample national grid factor (tests)',
        url: 'https://www.env.go.jp/earth/ghg-santeikohyo/',
      },
      version: 1,
      updatedAt: now,
      updatedBy: 'user-admin',
    });
    expect(emissionFactorSchema.safeParse(factor).success).toBe(true);
  });

  it.each([
    ['the value', { tco2PerMwh: 0.441 }],
    ['the year', { year: 2022 }],
    ['the method', { method: 'combined_margin' }],
    ['the region', { region: 'JP-13' }],
    [
      'the source title',
      { source: { title: 'Revised', url: 'https://www.env.go.jp/earth/ghg-santeikohyo/' } },
    ],
  ])('makes the next version when %s changes', (_case, overrides) => {
    const current = putEmissionFactor(undefined, 'jp-national-2023', anInput(), ctx).factor;

    const { factor, outcome } = putEmissionFactor(current, 'jp-national-2023', anInput(overrides), later);

    expect(outcome).toBe('updated');
    expect(factor).toMatchObject({ version: 2, updatedAt: later.now, updatedBy: 'user-admin-2' });
  });

  it('keeps the version, and answers the stored factor, when nothing changes', () => {
    const current = putEmissionFactor(undefined, 'jp-national-2023', anInput(), ctx).factor;

    const { factor, outcome } = putEmissionFactor(current, 'jp-national-2023', anInput(), later);

    expect(outcome).toBe('unchanged');
    expect(factor).toBe(current);
  });

  it('counts on from the stored version', () => {
    const v1 = putEmissionFactor(undefined, 'jp-national-2023', anInput(), ctx).factor;
    const v2 = putEmissionFactor(v1, 'jp-national-2023', anInput({ tco2PerMwh: 0.44 }), ctx).factor;

    const v3 = putEmissionFactor(v2, 'jp-national-2023', anInput({ tco2PerMwh: 0.452 }), ctx).factor;

    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
  });

  it('refuses a malformed id and a year after the current one, naming both', () => {
    const error = validationErrorFrom(() =>
      putEmissionFactor(undefined, 'JP National', anInput({ year: 2026 }), ctx),
    );

    expect(error.errors.map((e) => e.path)).toEqual(['id', 'year']);
  });

  it('accepts a factor for the current year', () => {
    expect(putEmissionFactor(undefined, 'jp-national-2025', anInput({ year: 2025 }), ctx).factor.year).toBe(
      2025,
    );
  });

  it('treats a stored factor of another id as a caller’s mistake', () => {
    const current = putEmissionFactor(undefined, 'jp-national-2023', anInput(), ctx).factor;

    expect(() => putEmissionFactor(current, 'jp-national-2024', anInput(), ctx)).toThrow(TypeError);
  });
});
