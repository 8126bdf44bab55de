import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';
import {
  metricReportInputSchema,
  metricReportSchema,
  periodSchema,
  verificationSchema,
} from '../../../../shared/domain/metrics/schema.ts';
import { validationErrorFromZod } from '../../../../shared/domain/validation.ts';

/** A valid report body as JSON would bring it. */
function aBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    generationMwh: 8_250.5,
    projectEmissions: [
      { gas: 'CO2', tonnes: 12.5 },
      { gas: 'SF6', tonnes: 0.001 },
    ],
    baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
    methodology: 'AMS-I.D',
    dataQuality: 2,
    evidenceUrls: ['https://example.org/meter-readings/2025-05.pdf'],
    ...overrides,
  };
}

function badFieldsOf(schema: ZodMiniType, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : validationErrorFromZod(result.error).errors.map((e) => e.path);
}

const evidence = (count: number) => Array.from({ length: count }, (_, i) => `https://example.org/e/${i}`);

describe('metricReportInputSchema', () => {
  it('accepts a complete body and fills in the defaults', () => {
    const parsed = metricReportInputSchema.parse(aBody());

    expect(parsed).toMatchObject({ leakageTco2e: 0, gwpSet: 'AR6', dataQuality: 2 });
  });

  it.each([[[]], [[1]], [[aBody()]]])('refuses the array %j as a whole, without throwing', (body) => {
    expect(badFieldsOf(metricReportInputSchema, body)).toEqual(['']);
  });

  it('refuses project emissions that are not objects, naming each, without throwing', () => {
    expect(badFieldsOf(metricReportInputSchema, aBody({ projectEmissions: [null, 1] }))).toEqual([
      'projectEmissions.0',
      'projectEmissions.1',
    ]);
  });

  it('accepts a minimal body: no generation, no project emissions, an explicit baseline', () => {
    const body = { projectEmissions: [], baseline: { method: 'explicit', tco2e: 0 }, dataQuality: 5 };

    expect(badFieldsOf(metricReportInputSchema, body)).toEqual([]);
  });

  it.each([
    [
      'a gas listed twice',
      {
        projectEmissions: [
          { gas: 'CO2', tonnes: 1 },
          { gas: 'N2O', tonnes: 1 },
          { gas: 'CO2', tonnes: 2 },
        ],
      },
      ['projectEmissions.2.gas'],
    ],
    ['an unknown gas', { projectEmissions: [{ gas: 'CH4', tonnes: 1 }] }, ['projectEmissions.0.gas']],
    ['negative tonnes', { projectEmissions: [{ gas: 'CO2', tonnes: -1 }] }, ['projectEmissions.0.tonnes']],
    ['tonnes over 1e9', { projectEmissions: [{ gas: 'CO2', tonnes: 1e10 }] }, ['projectEmissions.0.tonnes']],
    ['no projectEmissions', { projectEmissions: undefined }, ['projectEmissions']],
    ['generation over 1e9', { generationMwh: 1e10 }, ['generationMwh']],
    ['negative generation', { generationMwh: -0.5 }, ['generationMwh']],
    ['generation as the string "NaN"', { generationMwh: 'NaN' }, ['generationMwh']],
    ['generation as the string "Infinity"', { generationMwh: 'Infinity' }, ['generationMwh']],
    ['generation as a numeric string', { generationMwh: '100' }, ['generationMwh']],
    ['generation NaN', { generationMwh: Number.NaN }, ['generationMwh']],
    ['generation Infinity', { generationMwh: Number.POSITIVE_INFINITY }, ['generationMwh']],
    ['a grid_factor baseline without generation', { generationMwh: undefined }, ['generationMwh']],
    ['an unknown baseline method', { baseline: { method: 'guess', tco2e: 1 } }, ['baseline.method']],
    ['an explicit baseline without tco2e', { baseline: { method: 'explicit' } }, ['baseline.tco2e']],
    ['an explicit baseline over 1e9', { baseline: { method: 'explicit', tco2e: 1e10 } }, ['baseline.tco2e']],
    [
      'an explicit baseline with a factor',
      { baseline: { method: 'explicit', tco2e: 1, factorId: 'jp-national-2023' } },
      ['baseline.factorId'],
    ],
    [
      'a malformed factor id',
      { baseline: { method: 'grid_factor', factorId: 'JP National' } },
      ['baseline.factorId'],
    ],
    ['negative leakage', { leakageTco2e: -1 }, ['leakageTco2e']],
    ['leakage over 1e9', { leakageTco2e: 1e10 }, ['leakageTco2e']],
    ['an unknown GWP set', { gwpSet: 'AR4' }, ['gwpSet']],
    ['a methodology over 100 characters', { methodology: 'x'.repeat(101) }, ['methodology']],
    ['dataQuality 0', { dataQuality: 0 }, ['dataQuality']],
    ['dataQuality 6', { dataQuality: 6 }, ['dataQuality']],
    ['dataQuality 2.5', { dataQuality: 2.5 }, ['dataQuality']],
    ['no dataQuality', { dataQuality: undefined }, ['dataQuality']],
    ['an http evidence URL', { evidenceUrls: ['http://example.org/readings.pdf'] }, ['evidenceUrls.0']],
    [
      'an evidence URL that is not a URL',
      { evidenceUrls: ['https://example.org/a', 'readings.pdf'] },
      ['evidenceUrls.1'],
    ],
    ['an evidence URL without //', { evidenceUrls: ['https:example.org/readings.pdf'] }, ['evidenceUrls.0']],
    [
      'an evidence URL to localhost',
      { evidenceUrls: ['https://localhost/readings.pdf'] },
      ['evidenceUrls.0'],
    ],
    ['11 evidence URLs', { evidenceUrls: evidence(11) }, ['evidenceUrls']],
    ['an unknown field', { reductionsTco2e: 5 }, ['reductionsTco2e']],
  ])('refuses %s, naming the field', (_case, overrides, expected) => {
    expect(badFieldsOf(metricReportInputSchema, aBody(overrides))).toEqual(expected);
  });

  it.each([
    ['10 evidence URLs', { evidenceUrls: evidence(10) }],
    ['dataQuality 1', { dataQuality: 1 }],
    ['dataQuality 5', { dataQuality: 5 }],
    ['tonnes of exactly 1e9', { projectEmissions: [{ gas: 'CO2', tonnes: 1e9 }] }],
    ['the AR5 set', { gwpSet: 'AR5' }],
    ['zero generation with a grid_factor baseline', { generationMwh: 0 }],
  ])('accepts %s', (_case, overrides) => {
    expect(badFieldsOf(metricReportInputSchema, aBody(overrides))).toEqual([]);
  });

  it('names every bad field at once', () => {
    const body = aBody({
      generationMwh: undefined,
      projectEmissions: [
        { gas: 'CO2', tonnes: -1 },
        { gas: 'N2O', tonnes: 1 },
        { gas: 'N2O', tonnes: 2 },
      ],
      dataQuality: 9,
      evidenceUrls: ['http://example.org'],
      colour: 'green',
    });

    expect(badFieldsOf(metricReportInputSchema, body).sort()).toEqual(
      [
        'colour',
        'dataQuality',
        'evidenceUrls.0',
        'generationMwh',
        'projectEmissions.0.tonnes',
        'projectEmissions.2.gas',
      ].sort(),
    );
  });

  it('gives a JSON Schema of its input for the OpenAPI document', () => {
    const schema = z.toJSONSchema(metricReportInputSchema, { io: 'input' });

    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema.required).toEqual(expect.arrayContaining(['projectEmissions', 'baseline', 'dataQuality']));
    expect(schema.required).not.toContain('leakageTco2e');
    expect(schema.required).not.toContain('gwpSet');
  });
});

describe('periodSchema', () => {
  it.each(['2025-01', '2025-12', '2021-11'])('accepts %s', (period) => {
    expect(periodSchema.safeParse(period).success).toBe(true);
  });

  it.each(['2025-00', '2025-13', '2025-1', '25-01', '2025-01-01', '2025/01', ' 2025-01', ''])(
    'refuses %j',
    (period) => {
      expect(periodSchema.safeParse(period).success).toBe(false);
    },
  );
});

describe('verificationSchema', () => {
  it('accepts a decision with a comment', () => {
    expect(badFieldsOf(verificationSchema, { decision: 'verified', comment: 'Meter data checked.' })).toEqual(
      [],
    );
  });

  it.each([
    [{ decision: 'accepted', comment: 'ok' }, ['decision']],
    [{ decision: 'rejected', comment: '   ' }, ['comment']],
    [{ decision: 'rejected', comment: 'x'.repeat(2001) }, ['comment']],
    [{ decision: 'verified' }, ['comment']],
    [{ decision: 'verified', comment: 'ok', by: 'someone' }, ['by']],
  ])('refuses %j, naming %j', (body, expected) => {
    expect(badFieldsOf(verificationSchema, body)).toEqual(expected);
  });
});

describe('metricReportSchema', () => {
  function aRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      projectId: '01JXKQ00000000000000000001',
      period: '2025-05',
      revision: 1,
      version: 1,
      projectEmissions: [],
      baseline: { method: 'explicit', tco2e: 10 },
      leakageTco2e: 0,
      gwpSet: 'AR6',
      dataQuality: 3,
      projectTco2e: 0,
      baselineTco2e: 10,
      reductionsTco2e: 10,
      calcVersion: 'mrv-2026.1',
      verification: { state: 'self_reported' },
      submittedAt: '2025-06-15T09:30:00.000Z',
      submittedBy: 'user-submitter',
      orgId: 'org-kansai-energy',
      ...overrides,
    };
  }

  it('accepts a stored record', () => {
    expect(badFieldsOf(metricReportSchema, aRecord())).toEqual([]);
  });

  it.each([
    [
      { verification: { state: 'verified', at: '2025-06-16T00:00:00.000Z', comment: 'ok' } },
      ['verification.by'],
    ],
    [{ verification: { state: 'self_reported', by: 'user-reviewer' } }, ['verification.by']],
    [{ factor: { id: 'jp-national-2023', version: 1, tco2PerMwh: 0.4 } }, ['factor']],
    [{ baseline: { method: 'grid_factor', factorId: 'jp-national-2023' }, generationMwh: 1 }, ['factor']],
    [{ revision: 0 }, ['revision']],
  ])('refuses an inconsistent record %j', (overrides, expected) => {
    expect(badFieldsOf(metricReportSchema, aRecord(overrides))).toEqual(expected);
  });

  it('gives a JSON Schema of the record and of the verification body', () => {
    expect(z.toJSONSchema(metricReportSchema)).toMatchObject({ type: 'object' });
    expect(z.toJSONSchema(verificationSchema, { io: 'input' })).toMatchObject({
      required: ['decision', 'comment'],
    });
  });
});
