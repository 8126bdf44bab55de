import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';
import {
  groupedDigits,
  plausibleAnnualReductionsTco2e,
  projectCreateSchema,
  projectFieldsSchema,
  projectPatchSchema,
  reviewSchema,
  statusChangeSchema,
} from '../../../../shared/domain/projects/schema.ts';
import { parseOrThrow, validationErrorFromZod } from '../../../../shared/domain/validation.ts';
import { aProjectInput, validationErrorFrom } from '../factories.ts';

/** A valid body as JSON would bring it: a plain object a test may change freely. */
function aCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(aProjectInput()), ...overrides };
}

/** The dotted paths of the fields a body is refused for, or [] when it is accepted. */
function badFieldsOf(schema: ZodMiniType, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : validationErrorFromZod(result.error).errors.map((e) => e.path);
}

function aParticipant(country: string, sharePct?: number) {
  return {
    name: `Partner in ${country}`,
    country,
    role: 'investor',
    ...(sharePct === undefined ? {} : { sharePct }),
  };
}

describe('projectCreateSchema', () => {
  it('accepts a complete body and trims the text a person typed', () => {
    const parsed = projectCreateSchema.parse(
      aCreateBody({ name: '  Hokkaido wind  ', technologyDetail: ' floating ' }),
    );

    expect(parsed.name).toBe('Hokkaido wind');
    expect(parsed.technologyDetail).toBe('floating');
  });

  it.each(['orgId', 'id', 'version', 'reviewState', 'createdBy', 'statusHistory', 'colour'])(
    'refuses the field %s, which a submitter does not send',
    (field) => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ [field]: 'x' }))).toEqual([field]);
    },
  );

  it('refuses unknown fields inside nested objects too', () => {
    const body = aCreateBody({ capacity: { value: 1, unit: 'MW', factor: 0.4 } });

    expect(badFieldsOf(projectCreateSchema, body)).toEqual(['capacity.factor']);
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['name', 'x'.repeat(201)],
    ['summary', 'x'.repeat(2001)],
    ['technology', 'fusion'],
    ['technologyDetail', 'x'.repeat(201)],
    ['hostCountry', 'XX'],
    ['hostCountry', 'jp'],
    ['status', 'planned'],
    ['statusEffectiveDate', '2023-02-29'],
    ['statusEffectiveDate', '2024-1-5'],
  ])('refuses %s = %j', (field, value) => {
    expect(badFieldsOf(projectCreateSchema, aCreateBody({ [field]: value }))).toEqual([field]);
  });

  it('accepts a leap day that exists', () => {
    expect(badFieldsOf(projectCreateSchema, aCreateBody({ statusEffectiveDate: '2024-02-29' }))).toEqual([]);
  });

  describe('programs', () => {
    it('needs at least one program', () => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ programs: [] }))).toEqual(['programs']);
    });

    it('is a set: the same program twice is refused', () => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ programs: ['jucip', 'jucip'] }))).toEqual([
        'programs',
      ]);
    });

    it('accepts several different programs', () => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ programs: ['jucip', 'j_bridge'] }))).toEqual([]);
    });
  });

  describe('location', () => {
    it('accepts a location with neither lat nor lon', () => {
      expect(
        badFieldsOf(projectCreateSchema, aCreateBody({ location: { accuracy: 'approximate' } })),
      ).toEqual([]);
    });

    it('names lon when only lat is given', () => {
      const body = aCreateBody({ location: { lat: 35.6, accuracy: 'exact' } });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['location.lon']);
    });

    it('names lat when only lon is given', () => {
      const body = aCreateBody({ location: { lon: 139.7, accuracy: 'exact' } });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['location.lat']);
    });

    it.each([
      [{ lat: 90.1, lon: 0 }, 'location.lat'],
      [{ lat: -90.1, lon: 0 }, 'location.lat'],
      [{ lat: 0, lon: 180.5 }, 'location.lon'],
      [{ lat: 0, lon: -180.5 }, 'location.lon'],
    ])('refuses coordinates %j out of range', (coordinates, path) => {
      const body = aCreateBody({ location: { ...coordinates, accuracy: 'exact' } });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual([path]);
    });

    it('refuses a subdivision code that does not exist', () => {
      const body = aCreateBody({ location: { subdivision: 'JP-99', accuracy: 'approximate' } });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['location.subdivision']);
    });

    it('refuses a subdivision of another country than the host country', () => {
      const body = aCreateBody({
        hostCountry: 'JP',
        location: { subdivision: 'US-TX', accuracy: 'approximate' },
      });
      const result = projectCreateSchema.safeParse(body);

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['location.subdivision']);
      expect(result.error?.issues[0]?.message).toContain('not a subdivision of the host country JP');
    });

    it('accepts a subdivision of the host country', () => {
      const body = aCreateBody({
        hostCountry: 'US',
        location: { subdivision: 'US-TX', accuracy: 'approximate' },
      });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual([]);
    });
  });

  describe('participants', () => {
    it('needs at least two participants', () => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ participants: [aParticipant('JP')] }))).toEqual([
        'participants',
      ]);
    });

    it('needs participants from two different countries', () => {
      const body = aCreateBody({ participants: [aParticipant('JP'), aParticipant('JP')] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['participants']);
    });

    it('needs a participant from the US or Japan', () => {
      const body = aCreateBody({ participants: [aParticipant('DE'), aParticipant('FR')] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['participants']);
    });

    it.each([
      ['US', 'DE'],
      ['JP', 'AU'],
      ['US', 'JP'],
    ])('accepts participants from %s and %s', (first, second) => {
      const body = aCreateBody({ participants: [aParticipant(first), aParticipant(second)] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual([]);
    });

    it('refuses shares that add up to more than 100%', () => {
      const body = aCreateBody({ participants: [aParticipant('JP', 60), aParticipant('US', 40.5)] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['participants']);
    });

    it('accepts decimal shares that add up to exactly 100%', () => {
      const body = aCreateBody({
        participants: [aParticipant('JP', 33.3), aParticipant('US', 33.3), aParticipant('AU', 33.4)],
      });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual([]);
    });

    it('names the bad field of one participant', () => {
      const body = aCreateBody({ participants: [aParticipant('JP'), aParticipant('ZZ')] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['participants.1.country']);
    });
  });

  describe('investments', () => {
    function anInvestment(overrides: Record<string, unknown> = {}) {
      return {
        investorCountry: 'JP',
        amount: 1_000_000,
        currency: 'JPY',
        committedOn: '2024-05-01',
        instrument: 'equity',
        ...overrides,
      };
    }

    it('accepts an investment without usdAmount', () => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ investments: [anInvestment()] }))).toEqual([]);
    });

    it.each([
      ['usdAmount', 6600],
      ['amount', 0],
      ['amount', -5],
      ['currency', 'ZZZ'],
      ['currency', 'jpy'],
      ['investorCountry', 'XX'],
      ['committedOn', '2024-13-01'],
      ['instrument', 'loan'],
    ])('refuses %s = %j', (field, value) => {
      const body = aCreateBody({ investments: [anInvestment(), anInvestment({ [field]: value })] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual([`investments.1.${field}`]);
    });
  });

  describe('capacity and external references', () => {
    it.each([0, -1])('refuses a capacity of %d', (value) => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ capacity: { value, unit: 'MW' } }))).toEqual([
        'capacity.value',
      ]);
    });

    it.each([
      ['MW', 30_000],
      ['MWh', 50_000],
      ['t_h2_per_year', 10_000_000],
      ['t_co2_per_year', 10_000_000],
    ] as const)('takes a capacity of up to %s %d, the plausible most, and refuses more', (unit, most) => {
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ capacity: { value: most, unit } }))).toEqual([]);
      expect(badFieldsOf(projectCreateSchema, aCreateBody({ capacity: { value: most + 1, unit } }))).toEqual([
        'capacity.value',
      ]);
    });

    it('checks a patched capacity against the unit it ends up with', () => {
      const fields = aCreateBody({ capacity: { value: 40_000, unit: 'MWh' } });

      expect(badFieldsOf(projectFieldsSchema, fields)).toEqual([]);
      expect(
        badFieldsOf(projectFieldsSchema, { ...fields, capacity: { value: 40_000, unit: 'MW' } }),
      ).toEqual(['capacity.value']);
    });

    it('refuses the same external reference twice, naming the repeat', () => {
      const ref = { system: 'gem', id: 'G100000' };
      const body = aCreateBody({ externalRefs: [ref, { system: 'iea', id: 'G100000' }, ref] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['externalRefs.2']);
    });

    it('refuses a reference URL that is not http(s)', () => {
      const body = aCreateBody({ externalRefs: [{ system: 'gem', id: 'G1', url: 'javascript:alert(1)' }] });

      expect(badFieldsOf(projectCreateSchema, body)).toEqual(['externalRefs.0.url']);
    });
  });

  it('names every bad field of a body at once, the cross-field ones included', () => {
    const body = aCreateBody({
      name: '',
      hostCountry: 'JP',
      location: { subdivision: 'US-TX', lat: 35, accuracy: 'exact' },
      participants: [aParticipant('DE'), aParticipant('XX')],
      orgId: 'org-from-the-body',
    });

    expect(badFieldsOf(projectCreateSchema, body).sort()).toEqual(
      ['name', 'location.lon', 'location.subdivision', 'participants.1.country', 'orgId'].sort(),
    );
  });
});

describe('projectPatchSchema', () => {
  it('accepts an empty patch', () => {
    expect(badFieldsOf(projectPatchSchema, {})).toEqual([]);
  });

  it.each(['technologyDetail', 'location', 'capacity', 'externalRefs'])(
    'lets null remove the optional %s',
    (field) => {
      expect(badFieldsOf(projectPatchSchema, { [field]: null })).toEqual([]);
    },
  );

  it.each(['name', 'summary', 'technology', 'programs', 'hostCountry', 'participants', 'investments'])(
    'refuses null for the required %s',
    (field) => {
      expect(badFieldsOf(projectPatchSchema, { [field]: null })).toEqual([field]);
    },
  );

  it.each(['status', 'statusEffectiveDate', 'statusHistory', 'reviewState', 'orgId', 'version', 'createdAt'])(
    'refuses %s, which is not editable',
    (field) => {
      expect(badFieldsOf(projectPatchSchema, { [field]: 'x' })).toEqual([field]);
    },
  );

  it('accepts part of a location, to be merged member by member', () => {
    expect(badFieldsOf(projectPatchSchema, { location: { lat: null, lon: null } })).toEqual([]);
  });

  it('refuses null for the required location accuracy', () => {
    expect(badFieldsOf(projectPatchSchema, { location: { accuracy: null } })).toEqual(['location.accuracy']);
  });
});

describe('statusChangeSchema', () => {
  it('accepts a status, an effective date and an optional note', () => {
    expect(
      statusChangeSchema.parse({ status: 'fid', effectiveDate: '2024-04-01', note: ' FID taken ' }),
    ).toEqual({
      status: 'fid',
      effectiveDate: '2024-04-01',
      note: 'FID taken',
    });
  });

  it.each([
    [{ status: 'fid' }, ['effectiveDate']],
    [{ status: 'built', effectiveDate: '2024-04-01' }, ['status']],
    [{ status: 'fid', effectiveDate: '2024-04-31' }, ['effectiveDate']],
    [{ status: 'fid', effectiveDate: '2024-04-01', by: 'me' }, ['by']],
  ])('refuses %j', (body, paths) => {
    expect(badFieldsOf(statusChangeSchema, body)).toEqual(paths);
  });
});

describe('reviewSchema', () => {
  it.each(['accepted', 'changes_requested', 'rejected'])(
    'accepts the decision %s with a comment',
    (decision) => {
      expect(badFieldsOf(reviewSchema, { decision, comment: 'Checked against the METI release.' })).toEqual(
        [],
      );
    },
  );

  it.each([
    [{ decision: 'approved', comment: 'ok' }, ['decision']],
    [{ decision: 'accepted' }, ['comment']],
    [{ decision: 'accepted', comment: '  ' }, ['comment']],
  ])('refuses %j', (body, paths) => {
    expect(badFieldsOf(reviewSchema, body)).toEqual(paths);
  });
});

describe('the schemas as JSON Schema, for the OpenAPI document', () => {
  it.each([
    ['projectCreateSchema', projectCreateSchema],
    ['projectPatchSchema', projectPatchSchema],
    ['statusChangeSchema', statusChangeSchema],
    ['reviewSchema', reviewSchema],
  ] as const)('converts %s, closed to unknown fields', (_name, schema) => {
    const jsonSchema = z.toJSONSchema(schema, { io: 'input' });

    expect(jsonSchema.type).toBe('object');
    expect(jsonSchema.additionalProperties).toBe(false);
  });

  it('documents what the create body requires and the codes it takes', () => {
    const jsonSchema = z.toJSONSchema(projectCreateSchema, { io: 'input' }) as {
      required: string[];
      properties: Record<string, { enum?: string[]; uniqueItems?: boolean }>;
    };

    expect(jsonSchema.required.sort()).toEqual(
      ['name', 'summary', 'technology', 'programs', 'hostCountry', 'participants', 'investments'].sort(),
    );
    expect(jsonSchema.properties.hostCountry?.enum).toContain('JP');
    expect(jsonSchema.properties.programs?.uniqueItems).toBe(true);
  });
});

describe('parseOrThrow', () => {
  it('answers the parsed value', () => {
    expect(parseOrThrow(reviewSchema, { decision: 'accepted', comment: ' fine ' })).toEqual({
      decision: 'accepted',
      comment: 'fine',
    });
  });

  it('throws a ValidationError naming each bad field by its dotted path', () => {
    const body = aCreateBody({ participants: [aParticipant('JP'), aParticipant('XX')], extra: true });

    const error = validationErrorFrom(() => parseOrThrow(projectCreateSchema, body));

    expect(error.errors).toEqual([
      { path: 'participants.1.country', message: expect.stringContaining('ISO 3166-1') },
      { path: 'extra', message: 'Not a field this request accepts' },
    ]);
  });
});

describe('groupedDigits', () => {
  it("writes integers as toLocaleString('en-US') does, without loading ICU", () => {
    for (const value of [
      0,
      7,
      999,
      1_000,
      12_345,
      263_520_000,
      1_000_000_000,
      plausibleAnnualReductionsTco2e,
    ]) {
      expect(groupedDigits(value)).toBe(value.toLocaleString('en-US'));
    }
  });
});
