import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitsImportTemplate,
  importRecordOf,
  templateCapacity,
} from '../../../../shared/domain/projects/export.ts';
import {
  bodyFromCsvRecord,
  csvColumnOf,
  importColumns,
  importProjects,
} from '../../../../shared/domain/projects/import.ts';
import { editableFieldsOf } from '../../../../shared/domain/projects/project.ts';
import { type ProjectCreateInput, projectCreateSchema } from '../../../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../../../shared/domain/projects/service.ts';
import { parseCsv, toCsv } from '../../../../shared/http/csv.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { aProject, aProjectInput, aSubmitter, now } from '../factories.ts';

const owner = () => aSubmitter({ subject: 'user-kansai', orgId: 'org-kansai-energy' });

function aService() {
  const repository = new InMemoryProjectRepository();
  const service = new ProjectService({
    projects: repository,
    fx: new InMemoryFxRates({ 'JPY:2024': 0.0066, 'EUR:2024': 1.0823 }),
    now: () => now,
    newId: sequentialUlids(),
    organisations: everyOrganisationRegistered,
  });
  return { repository, service };
}

/** Text a partner might type, formula characters and apostrophes up front included. */
const someText = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength }),
      fc
        .tuple(fc.constantFrom('=', '+', '-', '@', "'", "'="), fc.string({ maxLength: maxLength - 2 }))
        .map(([lead, rest]) => `${lead}${rest}`),
    )
    .map((text) => text.trim())
    .filter((text) => text.length > 0);

/** Numbers as people enter them, to four decimals (the schema refuses amounts too small to store). */
const aNumberIn = (min: number, max: number) =>
  fc.integer({ min: Math.ceil(min * 1e4), max: Math.floor(max * 1e4) }).map((n) => n / 1e4);

/** Valid project bodies of every shape the template can hold. */
const projectInputs: fc.Arbitrary<ProjectCreateInput> = fc
  .record({
    name: someText(200),
    summary: fc.oneof(fc.constant(''), someText(300)),
    technologyDetail: fc.option(someText(200), { nil: undefined }),
    location: fc.option(
      fc.record({
        lat: aNumberIn(-90, 90),
        lon: aNumberIn(-180, 180),
        accuracy: fc.constantFrom('exact', 'approximate'),
      }),
      { nil: undefined },
    ),
    capacity: fc.option(fc.record({ value: aNumberIn(0.001, 30_000), unit: fc.constant('MW') }), {
      nil: undefined,
    }),
    shares: fc.option(fc.tuple(aNumberIn(0, 50), aNumberIn(0, 50)), { nil: undefined }),
    partnerName: someText(200),
    investments: fc.array(
      fc
        .record({
          investorCountry: fc.constantFrom('JP', 'US'),
          amount: aNumberIn(0.01, 1e9),
          currency: fc.constantFrom('USD', 'JPY', 'EUR'),
          committedOn: fc.constantFrom('2024-02-29', '2024-11-15'),
          instrument: fc.constantFrom('equity', 'debt', 'grant', 'guarantee'),
          // Percentages of the amount, at most 50 each, so that they never add up past it.
          disbursed: fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 2 }),
        })
        .map(({ disbursed, ...investment }) => ({
          ...investment,
          ...(disbursed.length === 0
            ? {}
            : {
                disbursements: disbursed.map((pct, i) => ({
                  date: i === 0 ? '2024-11-15' : '2024-12-31',
                  amount: Math.floor((investment.amount * 1e4 * pct) / 100) / 1e4,
                })),
              }),
        })),
      { maxLength: templateCapacity.investments },
    ),
    expected: fc.option(
      fc.record({
        annualGenerationMwh: aNumberIn(0, 1e6),
        annualReductionsTco2e: aNumberIn(0, 1e6),
        source: fc.option(someText(100), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    refId: someText(200),
    refUrl: fc.option(fc.constant('https://example.org/projects/1?a=b,c'), { nil: undefined }),
  })
  .map(({ shares, partnerName, refId, refUrl, ...fields }) =>
    projectCreateSchema.parse({
      ...aProjectInput(),
      ...fields,
      ...(fields.technologyDetail === undefined ? {} : { technologyDetail: fields.technologyDetail }),
      ...(fields.expected === undefined
        ? {}
        : {
            expected: {
              annualGenerationMwh: fields.expected.annualGenerationMwh,
              annualReductionsTco2e: fields.expected.annualReductionsTco2e,
              ...(fields.expected.source === undefined ? {} : { source: fields.expected.source }),
            },
          }),
      participants: [
        { name: partnerName, country: 'JP', role: 'developer', ...(shares ? { sharePct: shares[0] } : {}) },
        {
          name: 'Atlantic Floating Wind',
          country: 'US',
          role: 'investor',
          ...(shares ? { sharePct: shares[1] } : {}),
        },
      ],
      externalRefs: [{ system: 'gem', id: refId, ...(refUrl ? { url: refUrl } : {}) }],
    }),
  );

describe('importRecordOf (the projects export)', () => {
  it('writes a project in exactly the import template’s columns', () => {
    expect(Object.keys(importRecordOf(aProject({ externalRefs: [{ system: 'gem', id: 'G1' }] })))).toEqual(
      importColumns,
    );
  });

  it('writes numbers as numbers and absent fields as empty cells', () => {
    const record = importRecordOf(aProject({ location: { lat: -33.8, lon: 151.2, accuracy: 'exact' } }));

    expect(record).toMatchObject({
      locationLat: -33.8,
      locationLon: 151.2,
      capacityValue: 120,
      technologyDetail: '',
    });
    expect(record.participant1SharePct).toBe(60);
    expect(record.participant3Name).toBe('');
  });

  it('writes the current status and the date it took effect', () => {
    const record = importRecordOf(aProject());

    expect(record).toMatchObject({ status: 'announced', statusEffectiveDate: '2024-01-10' });
  });

  it('reads back, through CSV, as the project’s own fields (property)', async () => {
    const { service } = aService();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(projectInputs, async (input) => {
        created += 1;
        const ref = { ...input.externalRefs?.[0], system: 'gem' as const, id: `G${created}` };
        const project = await service.create(owner(), { ...input, externalRefs: [ref] });
        const record = importRecordOf(project);

        const { records } = parseCsv(toCsv(importColumns, [importColumns.map((column) => record[column])]));
        const { status, statusEffectiveDate, ...fields } = projectCreateSchema.parse(
          bodyFromCsvRecord(records[0] ?? {}),
        );

        expect(fields).toEqual(editableFieldsOf(project));
        expect(status).toBe(project.status);
        expect(statusEffectiveDate).toBe(project.statusHistory.at(-1)?.effectiveDate);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    [
      'participants',
      {
        participants: Array.from({ length: templateCapacity.participants + 1 }, (_, i) => ({
          name: `P${i}`,
          country: i === 0 ? 'JP' : 'US',
          role: 'investor' as const,
        })),
      },
    ],
    [
      'external references',
      {
        externalRefs: Array.from({ length: templateCapacity.externalRefs + 1 }, (_, i) => ({
          system: 'gem' as const,
          id: `G${i}`,
        })),
      },
    ],
  ])(
    'says a project with more %s than the template holds does not fit, and refuses to write it',
    (_what, overrides) => {
      const project = aProject(overrides);

      expect(fitsImportTemplate(project)).toBe(false);
      expect(() => importRecordOf(project)).toThrow(RangeError);
    },
  );
});

describe('export → import', () => {
  it('changes nothing: every row is updated in place with no new version and no audit entry', async () => {
    const { repository, service } = aService();
    const created = [];
    for (const [i, input] of fc.sample(projectInputs, { numRuns: 15, seed: 7 }).entries()) {
      created.push(
        await service.create(owner(), { ...input, externalRefs: [{ system: 'gem', id: `G${i}` }] }),
      );
    }
    const page = await service.list(owner(), { filters: {}, limit: 100 });
    const csv = toCsv(
      importColumns,
      page.items.map((p) => importColumns.map((c) => importRecordOf(p)[c])),
    );

    const { records } = parseCsv(csv);
    // The FX table was revised meanwhile: investments sent back unchanged keep their USD values.
    const revised = new ProjectService({
      projects: repository,
      fx: new InMemoryFxRates({ 'JPY:2024': 0.0071, 'EUR:2024': 1.1 }),
      now: () => now,
      newId: sequentialUlids(),
      organisations: everyOrganisationRegistered,
    });
    const result = await importProjects(
      revised,
      owner(),
      records.map((record) => ({ body: bodyFromCsvRecord(record), columnOf: csvColumnOf })),
    );

    expect(result.counts).toEqual({ created: 0, updated: created.length, rejected: 0 });
    for (const project of created) {
      expect(await repository.get(project.id)).toEqual(project);
      expect((await repository.history(project.id, 10)).entries).toHaveLength(1);
    }
  });
});
