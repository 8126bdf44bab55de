import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  ForbiddenError,
  ValidationError,
} from '../../../../shared/domain/errors.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import {
  bodyFromCsvRecord,
  checkCsvHeader,
  csvColumnOf,
  importColumns,
  importProjects,
  maxImportRows,
} from '../../../../shared/domain/projects/import.ts';
import type { ExternalRefKey } from '../../../../shared/domain/projects/ports.ts';
import { type ProjectCreateInput, projectCreateSchema } from '../../../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../../../shared/domain/projects/service.ts';
import { fieldErrorsFromZod } from '../../../../shared/domain/validation.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { anAdmin, aProjectInput, aReviewer, aSubmitter, now, validationErrorFrom } from '../factories.ts';

const kansaiSubmitter = () => aSubmitter({ subject: 'user-kansai', orgId: 'org-kansai-energy' });
const pacificSubmitter = () => aSubmitter({ subject: 'user-pacific', orgId: 'org-pacific-grid' });
const aViewer = (): Principal => ({ subject: 'user-viewer', roles: ['viewer'] });

/** A service over in-memory storage (or the given repository), a fixed clock and sortable ids. */
function aService(repository = new InMemoryProjectRepository()) {
  const service = new ProjectService({
    projects: repository,
    fx: new InMemoryFxRates({ 'JPY:2024': 0.0066 }),
    organisations: everyOrganisationRegistered,
    now: () => now,
    newId: sequentialUlids(),
  });
  return { repository, service };
}

/** A JSON import row: a valid `POST /projects` body carrying the GEM reference `gemId`. */
function aJsonRow(gemId: string, overrides: Partial<ProjectCreateInput> = {}) {
  return { body: aProjectInput({ externalRefs: [{ system: 'gem', id: gemId }], ...overrides }) };
}

/** A CSV record with every template column, describing a valid project. */
function aCsvRecord(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...Object.fromEntries(importColumns.map((column) => [column, ''])),
    name: 'Hokkaido offshore wind demonstration',
    summary: 'A floating offshore wind farm built with a US technology provider.',
    technology: 'wind_offshore',
    programs: 'jucip',
    hostCountry: 'JP',
    locationSubdivision: 'JP-01',
    locationLat: '43.2',
    locationLon: '141.0',
    locationAccuracy: 'approximate',
    capacityValue: '120',
    capacityUnit: 'MW',
    participant1Name: 'Kansai Energy',
    participant1Country: 'JP',
    participant1Role: 'developer',
    participant1SharePct: '60',
    participant2Name: 'Atlantic Floating Wind',
    participant2Country: 'US',
    participant2Role: 'technology_provider',
    participant2SharePct: '40',
    externalRef1System: 'gem',
    externalRef1Id: 'G100',
    ...overrides,
  };
}

/** A CSV import row, as the import route builds it. */
function aCsvRow(overrides: Readonly<Record<string, string>> = {}) {
  return { body: bodyFromCsvRecord(aCsvRecord(overrides)), columnOf: csvColumnOf };
}

/** What a promise rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection, but the promise resolved');
}

describe('bodyFromCsvRecord', () => {
  it('turns a template row into a POST /projects body the schema accepts', () => {
    const body = bodyFromCsvRecord(aCsvRecord());

    expect(body).toEqual({
      name: 'Hokkaido offshore wind demonstration',
      summary: 'A floating offshore wind farm built with a US technology provider.',
      technology: 'wind_offshore',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-01', lat: 43.2, lon: 141, accuracy: 'approximate' },
      capacity: { value: 120, unit: 'MW' },
      participants: [
        { name: 'Kansai Energy', country: 'JP', role: 'developer', sharePct: 60 },
        { name: 'Atlantic Floating Wind', country: 'US', role: 'technology_provider', sharePct: 40 },
      ],
      investments: [],
      externalRefs: [{ system: 'gem', id: 'G100' }],
    });
    expect(projectCreateSchema.safeParse(body).success).toBe(true);
  });

  it('gathers each numbered group into one array element, in column order', () => {
    const body = bodyFromCsvRecord(
      aCsvRecord({
        participant3Name: 'Osaka Grid Research',
        participant3Country: 'JP',
        participant3Role: 'research',
        investment1InvestorCountry: 'JP',
        investment1Amount: '1500000000',
        investment1Currency: 'JPY',
        investment1CommittedOn: '2024-05-01',
        investment1Instrument: 'equity',
        investment2InvestorCountry: 'US',
        investment2Amount: '2500000',
        investment2Currency: 'USD',
        investment2CommittedOn: '2024-06-01',
        investment2Instrument: 'debt',
        externalRef2System: 'iea',
        externalRef2Id: 'IEA-42',
        externalRef2Url: 'https://example.org/iea/42',
      }),
    );

    expect(body.participants).toEqual([
      { name: 'Kansai Energy', country: 'JP', role: 'developer', sharePct: 60 },
      { name: 'Atlantic Floating Wind', country: 'US', role: 'technology_provider', sharePct: 40 },
      { name: 'Osaka Grid Research', country: 'JP', role: 'research' },
    ]);
    expect(body.investments).toEqual([
      {
        investorCountry: 'JP',
        amount: 1_500_000_000,
        currency: 'JPY',
        committedOn: '2024-05-01',
        instrument: 'equity',
      },
      {
        investorCountry: 'US',
        amount: 2_500_000,
        currency: 'USD',
        committedOn: '2024-06-01',
        instrument: 'debt',
      },
    ]);
    expect(body.externalRefs).toEqual([
      { system: 'gem', id: 'G100' },
      { system: 'iea', id: 'IEA-42', url: 'https://example.org/iea/42' },
    ]);
  });

  it.each([
    ['jucip;selectusa', ['jucip', 'selectusa']],
    [' jucip ; j_bridge ', ['jucip', 'j_bridge']],
    ['jucip;;selectusa;', ['jucip', 'selectusa']],
    ['jucip|core_partnership', ['jucip', 'core_partnership']],
    ['jucip', ['jucip']],
  ])('splits the programs cell %j into %j', (cell, expected) => {
    expect(bodyFromCsvRecord(aCsvRecord({ programs: cell })).programs).toEqual(expected);
  });

  it.each([
    ['120', 120],
    ['0.5', 0.5],
    ['-12.5', -12.5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
  ])('reads the number cell %j as %j', (cell, expected) => {
    const body = bodyFromCsvRecord(
      aCsvRecord({ capacityValue: cell, locationLat: cell, participant1SharePct: cell }),
    );

    expect(body.capacity).toMatchObject({ value: expected });
    expect(body.location).toMatchObject({ lat: expected });
    expect((body.participants as { sharePct?: unknown }[])[0]?.sharePct).toBe(expected);
  });

  it.each(['120 MW', '43,2', '1,500,000', '60%', '0x1F', 'Infinity', '1_000', '12.', 'twelve'])(
    'leaves the cell %j as text rather than guess a number',
    (cell) => {
      const body = bodyFromCsvRecord(aCsvRecord({ capacityValue: cell }));

      expect(body.capacity).toEqual({ value: cell, unit: 'MW' });
    },
  );

  it('leaves a cell that is not a number as text, so that the schema names its column', () => {
    const body = bodyFromCsvRecord(
      aCsvRecord({
        capacityValue: '120 MW',
        locationLat: '43,2',
        participant1SharePct: '60%',
        investment1InvestorCountry: 'JP',
        investment1Amount: '1,500,000',
        investment1Currency: 'JPY',
        investment1CommittedOn: '2024-05-01',
        investment1Instrument: 'equity',
      }),
    );

    expect(body.capacity).toEqual({ value: '120 MW', unit: 'MW' });
    expect(body.location).toMatchObject({ lat: '43,2' });
    const parsed = projectCreateSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const columns = parsed.success ? [] : fieldErrorsFromZod(parsed.error).map((e) => csvColumnOf(e.path));
    expect(columns.sort()).toEqual([
      'capacityValue',
      'investment1Amount',
      'locationLat',
      'participant1SharePct',
    ]);
  });

  it('leaves out fields whose cells are empty or blank, and groups with no cell filled', () => {
    const body = bodyFromCsvRecord(
      aCsvRecord({
        summary: '',
        technologyDetail: '   ',
        locationSubdivision: '',
        locationLat: '',
        locationLon: ' ',
        locationAccuracy: '',
        capacityValue: '',
        capacityUnit: '',
        participant2Name: ' ',
        participant2Country: '',
        participant2Role: '',
        participant2SharePct: '',
        externalRef1System: '',
        externalRef1Id: '',
      }),
    );

    expect(body).toEqual({
      name: 'Hokkaido offshore wind demonstration',
      summary: '',
      technology: 'wind_offshore',
      programs: ['jucip'],
      hostCountry: 'JP',
      participants: [{ name: 'Kansai Energy', country: 'JP', role: 'developer', sharePct: 60 }],
      investments: [],
    });
  });

  it('reads a record without some template columns as if those cells were empty', () => {
    const body = bodyFromCsvRecord({
      name: 'Only a name',
      status: 'operating',
      statusEffectiveDate: '2023-04-01',
    });

    expect(body).toEqual({
      name: 'Only a name',
      summary: '',
      status: 'operating',
      statusEffectiveDate: '2023-04-01',
      participants: [],
      investments: [],
    });
  });

  it('trims the text of every cell', () => {
    const body = bodyFromCsvRecord(aCsvRecord({ name: '  Padded name ', hostCountry: ' JP ' }));

    expect(body).toMatchObject({ name: 'Padded name', hostCountry: 'JP' });
  });
});

describe('csvColumnOf', () => {
  it.each([
    ['participants.0.name', 'participant1Name'],
    ['participants.1.country', 'participant2Country'],
    ['participants.5.sharePct', 'participant6SharePct'],
    ['investments.0.amount', 'investment1Amount'],
    ['investments.3.committedOn', 'investment4CommittedOn'],
    ['investments.1.investorCountry', 'investment2InvestorCountry'],
    ['externalRefs.0.system', 'externalRef1System'],
    ['externalRefs.1.url', 'externalRef2Url'],
    ['location.lat', 'locationLat'],
    ['location.subdivision', 'locationSubdivision'],
    ['location.accuracy', 'locationAccuracy'],
    ['capacity.value', 'capacityValue'],
    ['capacity.unit', 'capacityUnit'],
    ['programs.1', 'programs'],
    ['programs', 'programs'],
    ['name', 'name'],
    ['statusEffectiveDate', 'statusEffectiveDate'],
    ['participants', 'participants'],
    ['', ''],
  ])('names the cell of %j as %j', (path, column) => {
    expect(csvColumnOf(path)).toBe(column);
  });

  it('maps every body path it can back onto a column of the template', () => {
    const mapped = [
      'participants.5.role',
      'investments.3.instrument',
      'externalRefs.1.id',
      'location.lon',
      'capacity.unit',
      'programs.0',
    ].map(csvColumnOf);

    expect(mapped.every((column) => importColumns.includes(column))).toBe(true);
  });
});

describe('checkCsvHeader', () => {
  it('accepts the template’s columns', () => {
    expect(() => checkCsvHeader(importColumns)).not.toThrow();
  });

  it('accepts some of the template’s columns in any order', () => {
    expect(() =>
      checkCsvHeader(['hostCountry', 'name', 'externalRef1Id', 'externalRef1System']),
    ).not.toThrow();
  });

  it('refuses unknown columns, naming each as columns.<name>', () => {
    const error = validationErrorFrom(() =>
      checkCsvHeader([...importColumns, 'colour', 'location.lat', 'Name', 'participant7Name']),
    );

    expect(error.errors.map((e) => e.path)).toEqual([
      'columns.colour',
      'columns.location.lat',
      'columns.Name',
      'columns.participant7Name',
    ]);
    expect(error.errors[0]?.message).toBe('Not a column of the import template');
  });

  it('refuses a header without the name column (a file without a header row looks like this)', () => {
    const error = validationErrorFrom(() => checkCsvHeader(['summary', 'hostCountry']));

    expect(error.errors).toEqual([expect.objectContaining({ path: 'columns.name' })]);
  });
});

describe('importProjects (POST /projects/import)', () => {
  it('creates a project for each new row, owned by the importer’s organisation', async () => {
    const { repository, service } = aService();

    const result = await importProjects(service, kansaiSubmitter(), [
      aJsonRow('G1'),
      aCsvRow({ externalRef1Id: 'G2' }),
    ]);

    expect(result.counts).toEqual({ created: 2, updated: 0, rejected: 0 });
    expect(result.results.map(({ row, outcome }) => ({ row, outcome }))).toEqual([
      { row: 1, outcome: 'created' },
      { row: 2, outcome: 'created' },
    ]);
    expect(repository.size).toBe(2);
    for (const { id } of result.results) {
      expect(await repository.get(id ?? '')).toMatchObject({
        orgId: 'org-kansai-energy',
        reviewState: 'submitted',
      });
    }
    expect(await service.projectIdOfExternalRef({ system: 'gem', id: 'G2' })).toBe(result.results[1]?.id);
  });

  it('updates instead of duplicating when the same rows are imported again', async () => {
    const { repository, service } = aService();
    const rows = [aJsonRow('G1'), aCsvRow({ externalRef1Id: 'G2' })];
    const first = await importProjects(service, kansaiSubmitter(), rows);

    const again = await importProjects(service, kansaiSubmitter(), rows);

    expect(again.counts).toEqual({ created: 0, updated: 2, rejected: 0 });
    expect(again.results.map((r) => r.outcome)).toEqual(['updated', 'updated']);
    expect(again.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
    expect(repository.size).toBe(2);
  });

  it('stores no new version when a re-imported row changes nothing', async () => {
    const { repository, service } = aService();
    const row = aCsvRow();
    const first = await importProjects(service, kansaiSubmitter(), [row]);
    const id = first.results[0]?.id ?? '';

    await importProjects(service, kansaiSubmitter(), [row]);

    expect((await repository.get(id))?.version).toBe(1);
    expect((await repository.history(id, 10)).entries).toHaveLength(1);
  });

  it('makes the project’s fields exactly the re-imported row’s, keeping its status', async () => {
    const { repository, service } = aService();
    const first = await importProjects(service, kansaiSubmitter(), [
      aJsonRow('G1', {
        technologyDetail: 'floating',
        status: 'construction',
        statusEffectiveDate: '2024-02-01',
      }),
    ]);
    const id = first.results[0]?.id ?? '';

    const again = await importProjects(service, kansaiSubmitter(), [
      aJsonRow('G1', {
        name: 'Renamed in the register',
        status: 'operating',
        statusEffectiveDate: '2025-01-01',
      }),
    ]);

    expect(again.results[0]).toMatchObject({ outcome: 'updated', id });
    const stored = await repository.get(id);
    expect(stored).toMatchObject({ name: 'Renamed in the register', status: 'construction', version: 2 });
    expect(stored?.technologyDetail).toBeUndefined();
    expect((await repository.history(id, 10)).entries.at(-1)?.action).toBe('edited');
  });

  it('updates, within one import, the project an earlier row created with the same reference', async () => {
    const { repository, service } = aService();

    const result = await importProjects(service, kansaiSubmitter(), [
      aJsonRow('G1'),
      aJsonRow('G1', { name: 'Second thoughts' }),
    ]);

    expect(result.results.map((r) => r.outcome)).toEqual(['created', 'updated']);
    expect(result.results[1]?.id).toBe(result.results[0]?.id);
    expect(repository.size).toBe(1);
    expect((await repository.get(result.results[0]?.id ?? ''))?.name).toBe('Second thoughts');
  });

  it('rejects a row without external references, saying why, and imports the others', async () => {
    const { repository, service } = aService();

    const result = await importProjects(service, kansaiSubmitter(), [
      aJsonRow('G1'),
      { body: aProjectInput() },
      aCsvRow({ externalRef1System: '', externalRef1Id: '' }),
    ]);

    expect(result.counts).toEqual({ created: 1, updated: 0, rejected: 2 });
    for (const rejected of result.results.slice(1)) {
      expect(rejected).toMatchObject({ outcome: 'rejected' });
      expect(rejected.id).toBeUndefined();
      expect(rejected.errors).toEqual([
        { path: 'externalRefs', message: expect.stringMatching(/at least one external reference/) },
      ]);
    }
    expect(repository.size).toBe(1);
  });

  it('rejects an invalid row with every error, named by CSV column, while the others are imported', async () => {
    const { repository, service } = aService();

    const result = await importProjects(service, kansaiSubmitter(), [
      aCsvRow({ externalRef1Id: 'G1' }),
      aCsvRow({
        externalRef1Id: 'G2',
        technology: 'perpetual_motion',
        participant2Country: 'XX',
        programs: 'jucip;fusion',
      }),
      aJsonRow('G3', { hostCountry: 'XX' }),
      aJsonRow('G4'),
    ]);

    expect(result.results.map((r) => r.outcome)).toEqual(['created', 'rejected', 'rejected', 'created']);
    expect(result.results[1]).toMatchObject({ row: 2 });
    expect(result.results[1]?.errors?.map((e) => e.path).sort()).toEqual([
      'participant2Country',
      'programs',
      'technology',
    ]);
    expect(result.results[2]?.errors?.map((e) => e.path)).toContain('hostCountry');
    expect(result.counts).toEqual({ created: 2, updated: 0, rejected: 2 });
    expect(repository.size).toBe(2);
  });

  it('rejects a row that is not an object at all', async () => {
    const { service } = aService();

    const result = await importProjects(service, kansaiSubmitter(), [
      { body: 'name,summary' },
      { body: null },
    ]);

    expect(result.results.map((r) => r.outcome)).toEqual(['rejected', 'rejected']);
    expect(result.results[0]?.errors?.length).toBeGreaterThan(0);
  });

  it('rejects a row whose references belong to two different projects, changing neither', async () => {
    const { repository, service } = aService();
    const first = await importProjects(service, kansaiSubmitter(), [aJsonRow('G1'), aJsonRow('G2')]);

    const result = await importProjects(service, kansaiSubmitter(), [
      {
        body: aProjectInput({
          name: 'Both at once',
          externalRefs: [
            { system: 'gem', id: 'G1' },
            { system: 'gem', id: 'G2' },
          ],
        }),
      },
    ]);

    expect(result.results[0]).toMatchObject({
      outcome: 'rejected',
      errors: [{ path: 'externalRefs', message: expect.stringMatching(/already belong to another project/) }],
    });
    for (const { id } of first.results) expect((await repository.get(id ?? ''))?.version).toBe(1);
  });

  it('adds a new reference to the project an existing one belongs to', async () => {
    const { service } = aService();
    const first = await importProjects(service, kansaiSubmitter(), [aJsonRow('G1')]);
    const both: ExternalRefKey[] = [
      { system: 'gem', id: 'G1' },
      { system: 'verra', id: 'VCS-7' },
    ];

    const again = await importProjects(service, kansaiSubmitter(), [
      { body: aProjectInput({ externalRefs: both }) },
    ]);

    expect(again.results[0]).toMatchObject({ outcome: 'updated', id: first.results[0]?.id });
    expect(await service.projectIdOfExternalRef({ system: 'verra', id: 'VCS-7' })).toBe(first.results[0]?.id);
  });

  it.each([
    ['unaccepted', 'submitted'],
    ['accepted', 'accepted'],
  ] as const)(
    'rejects, without failing the import, a row whose reference belongs to another organisation’s %s project',
    async (_label, reviewState) => {
      const { repository, service } = aService();
      const theirs = await service.create(pacificSubmitter(), aJsonRow('G1').body);
      if (reviewState === 'accepted') {
        await service.review(
          aReviewer(),
          theirs.id,
          { decision: 'accepted', comment: 'Fine.' },
          theirs.version,
        );
      }
      const before = await repository.get(theirs.id);

      const result = await importProjects(service, kansaiSubmitter(), [
        aJsonRow('G1', { name: 'Hijacked' }),
        aJsonRow('G2'),
      ]);

      expect(result.results.map((r) => r.outcome)).toEqual(['rejected', 'created']);
      expect(result.results[0]?.errors).toHaveLength(1);
      expect(result.results[0]?.id).toBeUndefined();
      expect(await repository.get(theirs.id)).toEqual(before);
    },
  );

  describe('a row whose external reference another project already holds', () => {
    /** The errors a Kansai submitter's row gets when Pacific's project (in `reviewState`) holds `G1`. */
    async function answerWhenPacificHolds(reviewState: 'submitted' | 'accepted' | 'two projects') {
      const { repository, service } = aService();
      const theirs = await service.create(pacificSubmitter(), aJsonRow('G1').body);
      if (reviewState === 'accepted') {
        await service.review(
          aReviewer(),
          theirs.id,
          { decision: 'accepted', comment: 'Fine.' },
          theirs.version,
        );
      }
      if (reviewState === 'two projects') await service.create(pacificSubmitter(), aJsonRow('G2').body);
      const externalRefs = [
        { system: 'gem' as const, id: 'G1' },
        ...(reviewState === 'two projects' ? [{ system: 'gem' as const, id: 'G2' }] : []),
      ];

      const result = await importProjects(service, kansaiSubmitter(), [
        { body: aProjectInput({ name: 'Claimed', externalRefs }) },
      ]);

      return { result, theirs, repository };
    }

    it('gets one answer whether the caller could see that project or not (and for two such projects)', async () => {
      const hidden = await answerWhenPacificHolds('submitted');
      const visible = await answerWhenPacificHolds('accepted');
      const two = await answerWhenPacificHolds('two projects');

      expect(hidden.result.results).toEqual([
        { row: 1, outcome: 'rejected', errors: [{ path: 'externalRefs', message: expect.any(String) }] },
      ]);
      expect(visible.result).toEqual(hidden.result);
      expect(two.result).toEqual(hidden.result);
    });

    it('names neither the project nor its organisation', async () => {
      const { result, theirs } = await answerWhenPacificHolds('accepted');

      const text = JSON.stringify(result);
      expect(text).not.toContain(theirs.id);
      expect(text).not.toContain('org-pacific-grid');
      expect(text).not.toContain(theirs.name);
    });

    it('gets the same answer when the other project takes the reference between lookup and write', async () => {
      /** Storage whose lookup misses claims, as if another import claimed the reference meanwhile. */
      class LateClaims extends InMemoryProjectRepository {
        override async findByExternalRef(): Promise<string | undefined> {
          return undefined;
        }
      }
      const { service } = aService(new LateClaims());
      await service.create(pacificSubmitter(), aJsonRow('G1').body);
      const { result: expected } = await answerWhenPacificHolds('submitted');

      const result = await importProjects(service, kansaiSubmitter(), [
        { body: aProjectInput({ name: 'Claimed', externalRefs: [{ system: 'gem', id: 'G1' }] }) },
      ]);

      expect(result).toEqual(expected);
    });
  });

  it('lets an admin re-import a row of any organisation’s project', async () => {
    const { service } = aService();
    const first = await importProjects(service, kansaiSubmitter(), [aJsonRow('G1')]);

    const again = await importProjects(service, anAdmin(), [
      aJsonRow('G1', { name: 'Corrected by the secretariat' }),
    ]);

    expect(again.results[0]).toMatchObject({ outcome: 'updated', id: first.results[0]?.id });
  });

  it.each([
    ['a viewer', aViewer()],
    ['a reviewer', aReviewer()],
    ['a submitter without an organisation', { subject: 'user-orgless', roles: ['submitter'] } as Principal],
    ['a caller without groups', { subject: 'user-nobody', roles: [] } as Principal],
  ])('refuses %s with ForbiddenError before reading any row', async (_who, principal) => {
    const { repository, service } = aService();

    await expect(importProjects(service, principal, [aJsonRow('G1')])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importProjects(service, principal, [])).rejects.toBeInstanceOf(ForbiddenError);
    expect(repository.size).toBe(0);
  });

  it('refuses an import without rows', async () => {
    const { service } = aService();

    const error = await rejectionOf(importProjects(service, kansaiSubmitter(), []));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: 'rows', message: expect.any(String) }]);
  });

  it(`refuses more than ${maxImportRows} rows, importing none of them`, async () => {
    const { repository, service } = aService();
    const rows = Array.from({ length: maxImportRows + 1 }, (_, i) => aJsonRow(`G${i}`));

    const error = await rejectionOf(importProjects(service, kansaiSubmitter(), rows));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'rows', message: expect.stringContaining(String(maxImportRows + 1)) },
    ]);
    expect(repository.size).toBe(0);
  });

  it(`takes exactly ${maxImportRows} rows`, async () => {
    const { service } = aService();
    const rows = Array.from({ length: maxImportRows }, () => ({ body: aProjectInput() }));

    const result = await importProjects(service, kansaiSubmitter(), rows);

    expect(result.results).toHaveLength(maxImportRows);
    expect(result.results.at(-1)?.row).toBe(maxImportRows);
  });

  it('stops when the database is unavailable, and a second run finishes without duplicates', async () => {
    class FailingAfter extends InMemoryProjectRepository {
      constructor(private lookupsLeft: number) {
        super();
      }
      override async findByExternalRef(ref: ExternalRefKey): Promise<string | undefined> {
        this.lookupsLeft -= 1;
        if (this.lookupsLeft < 0)
          throw new DependencyUnavailableError('The projects table cannot be reached');
        return super.findByExternalRef(ref);
      }
      recover() {
        this.lookupsLeft = Number.POSITIVE_INFINITY;
      }
    }
    const repository = new FailingAfter(1);
    const { service } = aService(repository);
    const rows = [aJsonRow('G1'), aJsonRow('G2')];

    await expect(importProjects(service, kansaiSubmitter(), rows)).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(repository.size).toBe(1);
    repository.recover();
    const again = await importProjects(service, kansaiSubmitter(), rows);

    expect(again.results.map((r) => r.outcome)).toEqual(['updated', 'created']);
    expect(repository.size).toBe(2);
  });
});
