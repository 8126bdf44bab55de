import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  MalformedInputError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../../../shared/domain/errors.ts';
import { isProjectId } from '../../../../shared/domain/ids.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import type { ProjectFilters, ProjectPartition } from '../../../../shared/domain/projects/ports.ts';
import { publishedView } from '../../../../shared/domain/projects/publication.ts';
import type {
  Project,
  ProjectCreateInput,
  ReviewDecision,
  ReviewState,
} from '../../../../shared/domain/projects/schema.ts';
import { ProjectReader, ProjectService, partitionsFor } from '../../../../shared/domain/projects/service.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { anAdmin, aProjectInput, aReviewer, aSubmitter, now, today } from '../factories.ts';

const kansai = 'org-kansai-energy';
const pacific = 'org-pacific-grid';

const aViewer = (overrides: Partial<Principal> = {}): Principal => ({
  subject: 'user-viewer',
  roles: ['viewer'],
  ...overrides,
});
const kansaiSubmitter = () => aSubmitter({ subject: 'user-kansai', orgId: kansai });
const pacificSubmitter = () => aSubmitter({ subject: 'user-pacific', orgId: pacific });
const nobody = (): Principal => ({ subject: 'user-without-groups', roles: [] });
const orglessSubmitter = (): Principal => ({ subject: 'user-orgless', roles: ['submitter'] });

/** A service over empty in-memory storage, a fixed clock and ids that sort by creation. */
function aService() {
  const repository = new InMemoryProjectRepository();
  const service = new ProjectService({
    projects: repository,
    fx: new InMemoryFxRates({ 'JPY:2024': 0.0066 }),
    organisations: everyOrganisationRegistered,
    now: () => now,
    newId: sequentialUlids(),
  });
  return { repository, service };
}

const inTheUs = {
  hostCountry: 'US',
  location: { subdivision: 'US-TX', accuracy: 'approximate' },
} satisfies Partial<ProjectCreateInput>;

/** Creates a project as `owner` and, unless it stays `submitted`, has a reviewer decide on it. */
async function aStoredProject(
  service: ProjectService,
  owner: Principal,
  reviewState: ReviewState = 'submitted',
  input: Partial<ProjectCreateInput> = {},
): Promise<Project> {
  const created = await service.create(owner, aProjectInput(input));
  if (reviewState === 'submitted') return created;
  return service.review(
    aReviewer(),
    created.id,
    { decision: reviewState satisfies ReviewDecision, comment: 'Checked against the JUCIP register' },
    created.version,
  );
}

/** Filters as a test title shows them: `technology=solar_pv, orgId=org-x`. */
function filtersText(filters: ProjectFilters): string {
  const entries = Object.entries(filters).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? 'no filters' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/** A list as a test title shows it, `nothing` when it is empty. */
function listText(items: readonly string[]): string {
  return items.length === 0 ? 'nothing' : items.join(', ');
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

describe('isProjectId', () => {
  it.each([
    ['a ULID', '01JXKQ00000000000000000001', true],
    ['a ULID with every letter Crockford allows', '01HZZZZZZZZZZZZZZZZZZZZZVT', true],
    ['lower case', '01jxkq00000000000000000001', false],
    ['a letter Crockford leaves out (I)', '01JXKQ0000000000000000000I', false],
    ['25 characters', '01JXKQ0000000000000000001', false],
    ['27 characters', '01JXKQ000000000000000000001', false],
    ['an empty string', '', false],
    ['a path', '../01JXKQ00000000000000001', false],
  ])('answers whether %s could be a project id', (_case, value, expected) => {
    expect(isProjectId(value)).toBe(expected);
  });
});

describe('ProjectService.create (POST /projects)', () => {
  it('stores the project at version 1, submitted for review, with a created audit entry', async () => {
    const { repository, service } = aService();
    const submitter = aSubmitter({ subject: 'user-42', orgId: 'org-jbic' });

    const project = await service.create(submitter, aProjectInput());

    expect(project).toMatchObject({
      version: 1,
      reviewState: 'submitted',
      orgId: 'org-jbic',
      createdBy: 'user-42',
      createdAt: now,
      updatedAt: now,
    });
    expect(isProjectId(project.id)).toBe(true);
    expect(await repository.get(project.id)).toEqual(project);
    const { entries } = await repository.history(project.id, 10);
    expect(entries).toEqual([
      expect.objectContaining({
        projectId: project.id,
        action: 'created',
        version: 1,
        by: 'user-42',
        at: now,
      }),
    ]);
  });

  it('gives each new project a later id than the one before', async () => {
    const { service } = aService();

    const first = await service.create(aSubmitter(), aProjectInput());
    const second = await service.create(aSubmitter(), aProjectInput());

    expect(second.id > first.id).toBe(true);
  });

  it('takes the owning organisation from the caller, never from the body', async () => {
    const { repository, service } = aService();

    const attempt = service.create(aSubmitter(), { ...aProjectInput(), orgId: 'org-someone-else' });

    const error = await rejectionOf(attempt);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toContainEqual(expect.objectContaining({ path: 'orgId' }));
    expect(repository.size).toBe(0);
  });

  it('prices investments with the FX source', async () => {
    const { service } = aService();
    const investments = [
      {
        investorCountry: 'JP',
        amount: 1_000_000,
        currency: 'JPY',
        committedOn: '2024-05-01',
        instrument: 'equity',
      } as const,
    ];

    const project = await service.create(aSubmitter(), aProjectInput({ investments }));

    expect(project.investments[0]?.usdAmount).toBe(6600);
  });

  it('refuses an investment whose currency has no rate for its year, naming the field', async () => {
    const { repository, service } = aService();
    const investments = [
      {
        investorCountry: 'JP',
        amount: 1_000_000,
        currency: 'JPY',
        committedOn: '2019-05-01',
        instrument: 'equity',
      } as const,
    ];

    const error = await rejectionOf(service.create(aSubmitter(), aProjectInput({ investments })));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      expect.objectContaining({ path: 'investments.0.currency' }),
    ]);
    expect(repository.size).toBe(0);
  });

  it('names every bad field of an invalid body and stores nothing', async () => {
    const { repository, service } = aService();

    const error = await rejectionOf(
      service.create(aSubmitter(), { ...aProjectInput(), technology: 'perpetual_motion', hostCountry: 'XX' }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path).sort()).toEqual([
      'hostCountry',
      'technology',
    ]);
    expect(repository.size).toBe(0);
  });

  it.each([
    ['a viewer', aViewer()],
    ['a reviewer', aReviewer()],
    ['a submitter without an organisation', orglessSubmitter()],
    ['a caller without groups', nobody()],
  ])('refuses %s with ForbiddenError', async (_who, principal) => {
    const { repository, service } = aService();

    await expect(service.create(principal, aProjectInput())).rejects.toBeInstanceOf(ForbiddenError);
    expect(repository.size).toBe(0);
  });

  it('lets an admin create a project for the admin’s organisation', async () => {
    const { service } = aService();

    const project = await service.create(anAdmin({ orgId: 'org-secretariat' }), aProjectInput());

    expect(project.orgId).toBe('org-secretariat');
  });

  it('refuses an external reference that already belongs to another project', async () => {
    const { repository, service } = aService();
    const externalRefs = [{ system: 'gem', id: 'G100' }] as const;
    const first = await service.create(kansaiSubmitter(), aProjectInput({ externalRefs: [...externalRefs] }));

    const attempt = service.create(pacificSubmitter(), aProjectInput({ externalRefs: [...externalRefs] }));

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(repository.size).toBe(1);
    expect(await service.projectIdOfExternalRef({ system: 'gem', id: 'G100' })).toBe(first.id);
  });
});

describe('ProjectReader.get (GET /projects/{id})', () => {
  /** `returns it published`: the accepted version, without what only the review needs (`publishedView`). */
  type Expectation = 'returns it' | 'returns it published' | 'NotFoundError' | 'ForbiddenError';
  const cases: ReadonlyArray<[string, () => Principal, Expectation, Expectation]> = [
    //  who                                    accepted      not accepted
    ['a viewer', aViewer, 'returns it published', 'NotFoundError'],
    [
      'a viewer of the owning organisation',
      () => aViewer({ orgId: kansai }),
      'returns it published',
      'NotFoundError',
    ],
    ['the owning submitter', kansaiSubmitter, 'returns it', 'returns it'],
    ['a submitter of another organisation', pacificSubmitter, 'returns it published', 'NotFoundError'],
    ['a reviewer', aReviewer, 'returns it', 'returns it'],
    ['an admin of another organisation', anAdmin, 'returns it', 'returns it'],
    ['a caller without groups', nobody, 'ForbiddenError', 'ForbiddenError'],
  ];
  const errorClasses = { NotFoundError, ForbiddenError } as const;

  describe.each(cases)('for %s', (_who, principal, onAccepted, onUnaccepted) => {
    it.each([
      ['accepted', onAccepted],
      ['submitted', onUnaccepted],
      ['changes_requested', onUnaccepted],
      ['rejected', onUnaccepted],
    ] as const)('asked for a project that is %s: %s', async (reviewState, expected) => {
      const { service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter(), reviewState);

      const answer = service.get(principal(), stored.id);

      if (expected === 'returns it') expect(await answer).toEqual(stored);
      else if (expected === 'returns it published') expect(await answer).toEqual(publishedView(stored));
      else await expect(answer).rejects.toBeInstanceOf(errorClasses[expected]);
    });
  });

  it('answers a project a viewer may not see exactly like one that does not exist', async () => {
    const { service } = aService();
    const unaccepted = await aStoredProject(service, kansaiSubmitter(), 'submitted');

    const hidden = await rejectionOf(service.get(aViewer(), unaccepted.id));
    const missing = await rejectionOf(service.get(aViewer(), '01JZZZZZZZZZZZZZZZZZZZZZZZ'));

    expect(hidden).toBeInstanceOf(NotFoundError);
    expect(hidden).not.toBeInstanceOf(ForbiddenError);
    expect(hidden).toEqual(missing);
    expect((hidden as Error).message).toBe((missing as Error).message);
  });

  it.each([
    ['an unknown ULID', '01JZZZZZZZZZZZZZZZZZZZZZZZ'],
    ['a malformed id', 'not-a-project'],
    ['an empty id', ''],
    ['a lower-case ULID', '01jxkq00000000000000000001'],
    ['a key of another item', 'PROJECT#01JXKQ00000000000000000001'],
  ])('answers %s with NotFoundError, even for a reviewer', async (_case, id) => {
    const { service } = aService();
    await aStoredProject(service, kansaiSubmitter(), 'accepted');

    await expect(service.get(aReviewer(), id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is served by a read-only ProjectReader over the same repository', async () => {
    const { repository, service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter(), 'accepted');
    const reader = new ProjectReader(repository);

    expect(await reader.get(aViewer(), stored.id)).toEqual(publishedView(stored));
  });
});

type Name = 'a1' | 'a2' | 'a3' | 'b1' | 'b2' | 'b3' | 'b4';

/**
 * Seven projects, created in this order (so newest first is b4 … a1):
 *
 *   name  org      review             technology     host  programs              status
 *   a1    kansai   accepted           wind_offshore  JP    jucip                 operating
 *   a2    kansai   submitted          solar_pv       US    selectusa             announced
 *   a3    kansai   rejected           hydrogen       JP    jucip, j_bridge       announced
 *   b1    pacific  accepted           solar_pv       US    jucip                 announced
 *   b2    pacific  submitted          wind_offshore  JP    jucip                 announced
 *   b3    pacific  changes_requested  storage        US    core_partnership      announced
 *   b4    pacific  accepted           hydrogen       JP    j_bridge              construction
 */
async function aPortfolio() {
  const { repository, service } = aService();
  const names = new Map<string, Name>();
  const add = async (
    name: Name,
    owner: Principal,
    reviewState: ReviewState,
    input: Partial<ProjectCreateInput>,
  ) => {
    const project = await aStoredProject(service, owner, reviewState, { name: `Project ${name}`, ...input });
    names.set(project.id, name);
  };
  await add('a1', kansaiSubmitter(), 'accepted', {
    technology: 'wind_offshore',
    programs: ['jucip'],
    status: 'operating',
    statusEffectiveDate: '2023-04-01',
  });
  await add('a2', kansaiSubmitter(), 'submitted', {
    technology: 'solar_pv',
    programs: ['selectusa'],
    ...inTheUs,
  });
  await add('a3', kansaiSubmitter(), 'rejected', { technology: 'hydrogen', programs: ['jucip', 'j_bridge'] });
  await add('b1', pacificSubmitter(), 'accepted', {
    technology: 'solar_pv',
    programs: ['jucip'],
    ...inTheUs,
  });
  await add('b2', pacificSubmitter(), 'submitted', { technology: 'wind_offshore', programs: ['jucip'] });
  await add('b3', pacificSubmitter(), 'changes_requested', {
    technology: 'storage',
    programs: ['core_partnership'],
    ...inTheUs,
  });
  await add('b4', pacificSubmitter(), 'accepted', {
    technology: 'hydrogen',
    programs: ['j_bridge'],
    status: 'construction',
    statusEffectiveDate: '2024-03-01',
  });
  const nameOf = (project: Project): Name | undefined => names.get(project.id);
  return { repository, service, nameOf };
}

describe('ProjectReader.list (GET /projects)', () => {
  const everything: Name[] = ['b4', 'b3', 'b2', 'b1', 'a3', 'a2', 'a1'];
  const cases: ReadonlyArray<[string, () => Principal, ProjectFilters, Name[]]> = [
    ['a viewer', aViewer, {}, ['b4', 'b1', 'a1']],
    ['a viewer of an organisation', () => aViewer({ orgId: pacific }), {}, ['b4', 'b1', 'a1']],
    ['a viewer', aViewer, { reviewState: 'submitted' }, []],
    ['a viewer', aViewer, { reviewState: 'accepted' }, ['b4', 'b1', 'a1']],
    ['a viewer', aViewer, { technology: 'hydrogen' }, ['b4']],
    ['a viewer', aViewer, { orgId: kansai }, ['a1']],
    ['a viewer', aViewer, { orgId: kansai, reviewState: 'rejected' }, []],
    ['a kansai submitter', kansaiSubmitter, {}, ['b4', 'b1', 'a3', 'a2', 'a1']],
    ['a pacific submitter', pacificSubmitter, {}, ['b4', 'b3', 'b2', 'b1', 'a1']],
    ['a kansai submitter', kansaiSubmitter, { reviewState: 'submitted' }, ['a2']],
    ['a kansai submitter', kansaiSubmitter, { reviewState: 'accepted' }, ['b4', 'b1', 'a1']],
    ['a kansai submitter', kansaiSubmitter, { orgId: kansai }, ['a3', 'a2', 'a1']],
    ['a kansai submitter', kansaiSubmitter, { orgId: kansai, reviewState: 'rejected' }, ['a3']],
    ['a kansai submitter', kansaiSubmitter, { orgId: pacific }, ['b4', 'b1']],
    ['a kansai submitter', kansaiSubmitter, { orgId: pacific, reviewState: 'submitted' }, []],
    ['a kansai submitter', kansaiSubmitter, { orgId: pacific, reviewState: 'accepted' }, ['b4', 'b1']],
    ['a kansai submitter', kansaiSubmitter, { technology: 'solar_pv' }, ['b1', 'a2']],
    ['a kansai submitter', kansaiSubmitter, { program: 'j_bridge' }, ['b4', 'a3']],
    ['a kansai submitter', kansaiSubmitter, { hostCountry: 'US' }, ['b1', 'a2']],
    ['a kansai submitter', kansaiSubmitter, { program: 'jucip', hostCountry: 'JP' }, ['a3', 'a1']],
    ['a reviewer', aReviewer, {}, everything],
    ['an admin', anAdmin, {}, everything],
    ['a reviewer', aReviewer, { reviewState: 'submitted' }, ['b2', 'a2']],
    ['a reviewer', aReviewer, { orgId: pacific }, ['b4', 'b3', 'b2', 'b1']],
    ['a reviewer', aReviewer, { orgId: pacific, reviewState: 'accepted' }, ['b4', 'b1']],
    ['a reviewer', aReviewer, { program: 'jucip' }, ['b2', 'b1', 'a3', 'a1']],
    ['a reviewer', aReviewer, { status: 'construction' }, ['b4']],
    ['a reviewer', aReviewer, { status: 'operating', reviewState: 'accepted' }, ['a1']],
    ['a reviewer', aReviewer, { hostCountry: 'JP', technology: 'wind_offshore' }, ['b2', 'a1']],
    ['a reviewer', aReviewer, { technology: 'nuclear' }, []],
    ['an admin', anAdmin, { reviewState: 'changes_requested' }, ['b3']],
  ];

  it.each(
    cases.map(
      ([who, principal, filters, expected]) =>
        [who, filtersText(filters), listText(expected), principal, filters, expected] as const,
    ),
  )(
    'shows %s with %s exactly: %s (newest first)',
    async (_who, _filtersText, _expectedText, principal, filters, expected) => {
      const { service, nameOf } = await aPortfolio();

      const page = await service.list(principal(), { filters, limit: 100 });

      expect(page.items.map(nameOf)).toEqual(expected);
      expect(page.nextCursor).toBeNull();
    },
  );

  it('refuses a caller without groups', async () => {
    const { service } = await aPortfolio();

    await expect(service.list(nobody(), { filters: {}, limit: 25 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  async function allPages(
    service: ProjectReader,
    principal: Principal,
    filters: ProjectFilters,
    limit: number,
  ): Promise<Project[][]> {
    const pages: Project[][] = [];
    let cursor: string | undefined;
    do {
      const page = await service.list(principal, { filters, limit, ...(cursor ? { cursor } : {}) });
      pages.push([...page.items]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 20);
    return pages;
  }

  it.each(
    (
      [
        ['a viewer', aViewer, {}],
        ['a kansai submitter', kansaiSubmitter, {}],
        ['a pacific submitter', pacificSubmitter, {}],
        ['a kansai submitter', kansaiSubmitter, { program: 'jucip' }],
        ['a reviewer', aReviewer, {}],
        ['an admin', anAdmin, { hostCountry: 'JP' }],
      ] as ReadonlyArray<[string, () => Principal, ProjectFilters]>
    ).map(([who, principal, filters]) => [who, filtersText(filters), principal, filters] as const),
  )(
    'pages %s (%s) through every visible project exactly once, two at a time',
    async (_who, _filtersText, principal, filters) => {
      const { service } = await aPortfolio();
      const whole = await service.list(principal(), { filters, limit: 100 });

      const pages = await allPages(service, principal(), filters, 2);

      expect(pages.every((page) => page.length >= 1 && page.length <= 2)).toBe(true);
      expect(pages.flat().map((p) => p.id)).toEqual(whole.items.map((p) => p.id));
      expect(pages).toHaveLength(Math.ceil(whole.items.length / 2));
    },
  );

  it('gives no cursor when the last page is exactly full', async () => {
    const { service } = await aPortfolio();

    const first = await service.list(aViewer(), { filters: {}, limit: 2 });
    const last = await service.list(aViewer(), { filters: {}, limit: 1, cursor: first.nextCursor ?? '' });

    expect(first.items).toHaveLength(2);
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();
  });

  it('keeps paging where it stopped when projects are created between pages', async () => {
    const { service, nameOf } = await aPortfolio();
    const first = await service.list(aReviewer(), { filters: {}, limit: 3 });

    await aStoredProject(service, kansaiSubmitter(), 'submitted');
    const second = await service.list(aReviewer(), {
      filters: {},
      limit: 100,
      cursor: first.nextCursor ?? '',
    });

    expect(first.items.map(nameOf)).toEqual(['b4', 'b3', 'b2']);
    expect(second.items.map(nameOf)).toEqual(['b1', 'a3', 'a2', 'a1']);
  });

  it('accepts a cursor when only the page size changes', async () => {
    const { service, nameOf } = await aPortfolio();
    const first = await service.list(aReviewer(), { filters: {}, limit: 1 });

    const next = await service.list(aReviewer(), { filters: {}, limit: 5, cursor: first.nextCursor ?? '' });

    expect(next.items.map(nameOf)).toEqual(['b3', 'b2', 'b1', 'a3', 'a2']);
  });

  describe('refuses a cursor it did not issue for this listing with MalformedInputError', () => {
    const cases: ReadonlyArray<
      [string, { principal: () => Principal; filters: ProjectFilters }, () => Principal, ProjectFilters]
    > = [
      ['other filters', { principal: aReviewer, filters: { technology: 'solar_pv' } }, aReviewer, {}],
      [
        'another value of the same filter',
        { principal: aReviewer, filters: { technology: 'solar_pv' } },
        aReviewer,
        { technology: 'hydrogen' },
      ],
      ['a narrower scope (viewer → submitter)', { principal: aViewer, filters: {} }, kansaiSubmitter, {}],
      ['a wider scope (viewer → reviewer)', { principal: aViewer, filters: {} }, aReviewer, {}],
      ['another organisation’s scope', { principal: kansaiSubmitter, filters: {} }, pacificSubmitter, {}],
    ];

    it.each(cases)('from a listing with %s', async (_case, issuedFor, principal, filters) => {
      const { service } = await aPortfolio();
      const issued = await service.list(issuedFor.principal(), { filters: issuedFor.filters, limit: 1 });
      const cursor = issued.nextCursor ?? '';
      expect(cursor).not.toBe('');

      const error = await rejectionOf(service.list(principal(), { filters, limit: 1, cursor }));

      expect(error).toBeInstanceOf(MalformedInputError);
      expect((error as MalformedInputError).errors[0]?.path).toBe('cursor');
    });

    it('from a project’s history', async () => {
      const { service } = aService();
      const project = await aStoredProject(service, kansaiSubmitter(), 'accepted');
      const { nextCursor } = await service.history(aReviewer(), project.id, 1);

      const error = await rejectionOf(
        service.list(aReviewer(), { filters: {}, limit: 1, cursor: nextCursor ?? '' }),
      );

      expect(error).toBeInstanceOf(MalformedInputError);
      expect((error as MalformedInputError).errors[0]?.path).toBe('cursor');
    });

    it.each([
      ['truncated', (cursor: string) => cursor.slice(0, -4)],
      [
        'with a character changed',
        (cursor: string) => `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`,
      ],
      ['re-encoded with another listing', (cursor: string) => reencoded(cursor, { l: 'projects?[]' })],
      [
        're-encoded with a position that is not an id',
        (cursor: string) => reencoded(cursor, { a: 'PROJECT#1' }),
      ],
      ['as plain text', () => 'page 2 please'],
    ])('when it is %s', async (_case, tamper) => {
      const { service } = await aPortfolio();
      const issued = await service.list(aReviewer(), { filters: {}, limit: 1 });

      const error = await rejectionOf(
        service.list(aReviewer(), { filters: {}, limit: 1, cursor: tamper(issued.nextCursor ?? '') }),
      );

      expect(error).toBeInstanceOf(MalformedInputError);
      expect((error as MalformedInputError).errors[0]?.path).toBe('cursor');
    });
  });
});

/** A cursor decoded, changed and encoded again, as a curious client would. */
function reencoded(cursor: string, changes: Readonly<Record<string, unknown>>): string {
  const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...body, ...changes }), 'utf8').toString('base64url');
}

describe('ProjectService writes at a version (PATCH, status, review)', () => {
  const aPatch = { name: 'Hokkaido floating wind, phase 2' };
  const aStatusChange = { status: 'feasibility', effectiveDate: today };
  const aReview = { decision: 'accepted', comment: 'Matches the JUCIP register' };

  it('patches the current version, storing the next one with an edited audit entry', async () => {
    const { repository, service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter());

    const patched = await service.patch(kansaiSubmitter(), stored.id, aPatch, stored.version);

    expect(patched).toMatchObject({ name: aPatch.name, version: stored.version + 1, updatedAt: now });
    expect(await repository.get(stored.id)).toEqual(patched);
    const { entries } = await repository.history(stored.id, 10);
    expect(entries.at(-1)).toMatchObject({
      action: 'edited',
      version: 2,
      changes: [{ path: 'name', from: stored.name, to: aPatch.name }],
    });
  });

  it('stores nothing when a patch changes nothing', async () => {
    const { repository, service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter());

    const answer = await service.patch(kansaiSubmitter(), stored.id, { name: stored.name }, stored.version);

    expect(answer).toEqual(stored);
    expect((await repository.history(stored.id, 10)).entries).toHaveLength(1);
  });

  it('changes the status at the current version, appending to the status history', async () => {
    const { service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter());

    const changed = await service.changeStatus(kansaiSubmitter(), stored.id, aStatusChange, stored.version);

    expect(changed.status).toBe('feasibility');
    expect(changed.statusHistory.map((s) => s.status)).toEqual(['announced', 'feasibility']);
    expect(changed.version).toBe(2);
  });

  it('records a review decision, after which viewers can see the project', async () => {
    const { service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter());

    const reviewed = await service.review(aReviewer(), stored.id, aReview, stored.version);

    expect(reviewed).toMatchObject({ reviewState: 'accepted', version: 2, acceptedVersion: 2 });
    expect(await service.get(aViewer(), stored.id)).toEqual(publishedView(reviewed));
  });

  type Write = (
    service: ProjectService,
    principal: Principal,
    id: string,
    version: number,
  ) => Promise<Project>;
  const writes: ReadonlyArray<[string, Write, () => Principal]> = [
    ['patch', (s, p, id, v) => s.patch(p, id, aPatch, v), kansaiSubmitter],
    ['status change', (s, p, id, v) => s.changeStatus(p, id, aStatusChange, v), kansaiSubmitter],
    ['review', (s, p, id, v) => s.review(p, id, aReview, v), aReviewer],
  ];

  describe.each(writes)('a %s', (_write, write, allowed) => {
    it('fails with VersionConflictError at a version that is not the current one, changing nothing', async () => {
      const { repository, service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter());
      const current = await service.patch(kansaiSubmitter(), stored.id, { summary: 'Now at v2.' }, 1);

      await expect(write(service, allowed(), stored.id, stored.version)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(write(service, allowed(), stored.id, current.version + 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await repository.get(stored.id)).toEqual(current);
    });

    it('lets exactly one of two writers holding the same version succeed', async () => {
      const { service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter());

      const outcomes = await Promise.allSettled([
        write(service, allowed(), stored.id, stored.version),
        write(service, allowed(), stored.id, stored.version),
      ]);

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((o) => o.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(VersionConflictError);
      expect((await service.get(aReviewer(), stored.id)).version).toBe(2);
    });

    it('answers NotFoundError to a submitter of another organisation on an unaccepted project', async () => {
      const { repository, service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter(), 'submitted');

      await expect(write(service, pacificSubmitter(), stored.id, stored.version)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await repository.get(stored.id)).toEqual(stored);
    });

    it('answers NotFoundError, not a version conflict, to a caller who may not see the project', async () => {
      const { service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter(), 'submitted');

      await expect(write(service, aViewer(), stored.id, 99)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers NotFoundError for an unknown or malformed id', async () => {
      const { service } = aService();

      await expect(write(service, allowed(), '01JZZZZZZZZZZZZZZZZZZZZZZZ', 1)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(write(service, allowed(), 'nope', 1)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it.each(writes.filter(([name]) => name !== 'review'))(
    'answers ForbiddenError to a submitter of another organisation on an accepted project (%s)',
    async (_write, write) => {
      const { service } = aService();
      const accepted = await aStoredProject(service, kansaiSubmitter(), 'accepted');

      await expect(write(service, pacificSubmitter(), accepted.id, accepted.version)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    },
  );

  it.each([
    ['the owning submitter', 'submitted', kansaiSubmitter],
    ['a submitter of another organisation', 'accepted', pacificSubmitter],
    ['a viewer', 'accepted', aViewer],
  ] as const)(
    'refuses a review by %s of a visible (%s) project with ForbiddenError',
    async (_who, reviewState, principal) => {
      const { service } = aService();
      const stored = await aStoredProject(service, kansaiSubmitter(), reviewState);

      await expect(service.review(principal(), stored.id, aReview, stored.version)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    },
  );

  it('lets an admin of another organisation edit any project', async () => {
    const { service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter(), 'submitted');

    const patched = await service.patch(anAdmin(), stored.id, aPatch, stored.version);

    expect(patched.name).toBe(aPatch.name);
  });
});

describe('ProjectReader.history (GET /projects/{id}/history)', () => {
  /** A project with four entries: created, edited, status_changed, reviewed. */
  async function aProjectWithHistory() {
    const { service } = aService();
    const created = await aStoredProject(service, kansaiSubmitter());
    const edited = await service.patch(kansaiSubmitter(), created.id, { summary: 'Phase one.' }, 1);
    const moved = await service.changeStatus(
      kansaiSubmitter(),
      created.id,
      { status: 'fid', effectiveDate: today },
      edited.version,
    );
    await service.review(aReviewer(), created.id, { decision: 'accepted', comment: 'Fine.' }, moved.version);
    return { service, id: created.id };
  }

  it('lists the audit entries oldest first', async () => {
    const { service, id } = await aProjectWithHistory();

    const page = await service.history(aReviewer(), id, 25);

    expect(page.items.map((e) => [e.version, e.action])).toEqual([
      [1, 'created'],
      [2, 'edited'],
      [3, 'status_changed'],
      [4, 'reviewed'],
    ]);
    expect(page.items.at(-1)).toMatchObject({ comment: 'Fine.' });
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['a viewer', aViewer],
    ['a submitter of another organisation', pacificSubmitter],
  ] as const)(
    'answers %s the redacted entries: action, version, time and changed paths only',
    async (_who, principal) => {
      const { service, id } = await aProjectWithHistory();
      const full = await service.history(aReviewer(), id, 25);

      const page = await service.history(principal(), id, 25);

      expect(page.items).toEqual(
        full.items.map((entry) => ({
          projectId: entry.projectId,
          at: entry.at,
          action: entry.action,
          version: entry.version,
          changes: entry.changes.map((change) => ({ path: change.path })),
        })),
      );
      const text = JSON.stringify(page.items);
      expect(text).not.toContain('user-kansai');
      expect(text).not.toContain('user-reviewer');
      expect(text).not.toContain('Fine.');
      expect(page.items.find((e) => e.action === 'edited')?.changes).toEqual([{ path: 'summary' }]);
    },
  );

  it.each([
    ['the owning submitter', kansaiSubmitter],
    ['a viewer of the owning organisation', () => aViewer({ orgId: kansai })],
    ['a reviewer', aReviewer],
    ['an admin of another organisation', anAdmin],
  ] as const)('answers %s every entry whole: actor, comment and values', async (_who, principal) => {
    const { service, id } = await aProjectWithHistory();

    const page = await service.history(principal(), id, 25);

    const reviewed = page.items.at(-1);
    expect(reviewed).toMatchObject({ action: 'reviewed', by: 'user-reviewer', comment: 'Fine.' });
    expect(page.items.find((e) => e.action === 'edited')?.changes).toEqual([
      { path: 'summary', from: expect.any(String), to: 'Phase one.' },
    ]);
  });

  it('redacts every page of a paged history, not only the first', async () => {
    const { service, id } = await aProjectWithHistory();

    const first = await service.history(aViewer(), id, 2);
    const second = await service.history(aViewer(), id, 2, first.nextCursor ?? '');

    expect([...first.items, ...second.items].every((entry) => !('by' in entry))).toBe(true);
    expect(second.items.map((e) => e.version)).toEqual([3, 4]);
  });

  it('pages through the entries in order, each once', async () => {
    const { service, id } = await aProjectWithHistory();

    const first = await service.history(aReviewer(), id, 3);
    const second = await service.history(aReviewer(), id, 3, first.nextCursor ?? '');

    expect(first.items.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(second.items.map((e) => e.version)).toEqual([4]);
    expect(second.nextCursor).toBeNull();
  });

  it('gives no cursor after a last page that is exactly full', async () => {
    const { service, id } = await aProjectWithHistory();

    const first = await service.history(aReviewer(), id, 2);
    const second = await service.history(aReviewer(), id, 2, first.nextCursor ?? '');

    expect(first.nextCursor).not.toBeNull();
    expect(second.items.map((e) => e.version)).toEqual([3, 4]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor from another project’s history with MalformedInputError', async () => {
    const { service, id } = await aProjectWithHistory();
    const other = await aStoredProject(service, kansaiSubmitter(), 'accepted');
    const { nextCursor } = await service.history(aReviewer(), other.id, 1);

    const error = await rejectionOf(service.history(aReviewer(), id, 1, nextCursor ?? ''));

    expect(error).toBeInstanceOf(MalformedInputError);
    expect((error as MalformedInputError).errors[0]?.path).toBe('cursor');
  });

  it('refuses a cursor from a project listing with MalformedInputError', async () => {
    const { service, id } = await aProjectWithHistory();
    await aStoredProject(service, kansaiSubmitter(), 'accepted');
    const { nextCursor } = await service.list(aReviewer(), { filters: {}, limit: 1 });

    await expect(service.history(aReviewer(), id, 1, nextCursor ?? '')).rejects.toBeInstanceOf(
      MalformedInputError,
    );
  });

  it.each([
    ['a viewer', 'NotFoundError', aViewer],
    ['a submitter of another organisation', 'NotFoundError', pacificSubmitter],
    ['the owning submitter', 'the entries', kansaiSubmitter],
    ['a reviewer', 'the entries', aReviewer],
  ] as const)('answers %s on an unaccepted project with %s', async (_who, expected, principal) => {
    const { service } = aService();
    const stored = await aStoredProject(service, kansaiSubmitter(), 'submitted');

    const answer = service.history(principal(), stored.id, 25);

    if (expected === 'the entries') expect((await answer).items).toHaveLength(1);
    else await expect(answer).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers NotFoundError for an unknown id', async () => {
    const { service } = aService();

    await expect(service.history(aReviewer(), '01JZZZZZZZZZZZZZZZZZZZZZZZ', 25)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('partitionsFor', () => {
  const all: ProjectPartition = { kind: 'all' };
  const accepted: ProjectPartition = { kind: 'published' };
  const othersAccepted: ProjectPartition = { kind: 'published', exceptOrgId: kansai };
  const submitted: ProjectPartition = { kind: 'review_state', reviewState: 'submitted' };
  const ownOrg: ProjectPartition = { kind: 'org', orgId: kansai };
  const otherOrg: ProjectPartition = { kind: 'org', orgId: pacific };

  const cases: ReadonlyArray<[string, () => Principal, ProjectFilters, ProjectPartition[]]> = [
    ['a caller without groups', nobody, {}, []],
    ['a viewer', aViewer, {}, [accepted]],
    ['a viewer', aViewer, { reviewState: 'accepted' }, [accepted]],
    ['a viewer', aViewer, { reviewState: 'submitted' }, []],
    ['a viewer', aViewer, { orgId: pacific }, [accepted]],
    ['a submitter', kansaiSubmitter, {}, [othersAccepted, ownOrg]],
    ['a submitter', kansaiSubmitter, { reviewState: 'accepted' }, [othersAccepted, ownOrg]],
    ['a submitter', kansaiSubmitter, { reviewState: 'submitted' }, [ownOrg]],
    ['a submitter', kansaiSubmitter, { orgId: kansai }, [ownOrg]],
    ['a submitter', kansaiSubmitter, { orgId: kansai, reviewState: 'rejected' }, [ownOrg]],
    ['a submitter', kansaiSubmitter, { orgId: pacific }, [accepted]],
    ['a submitter', kansaiSubmitter, { orgId: pacific, reviewState: 'accepted' }, [accepted]],
    ['a submitter', kansaiSubmitter, { orgId: pacific, reviewState: 'submitted' }, []],
    ['a submitter', kansaiSubmitter, { technology: 'hydrogen' }, [othersAccepted, ownOrg]],
    ['a submitter without an organisation', orglessSubmitter, {}, [accepted]],
    ['a reviewer', aReviewer, {}, [all]],
    ['a reviewer', aReviewer, { technology: 'hydrogen', program: 'jucip' }, [all]],
    ['a reviewer', aReviewer, { reviewState: 'submitted' }, [submitted]],
    ['a reviewer', aReviewer, { orgId: pacific }, [otherOrg]],
    ['a reviewer', aReviewer, { orgId: pacific, reviewState: 'submitted' }, [submitted]],
    ['an admin', anAdmin, {}, [all]],
  ];

  const partitionText = (partition: ProjectPartition): string =>
    partition.kind === 'all'
      ? 'all'
      : partition.kind === 'org'
        ? `org ${partition.orgId}`
        : partition.kind === 'published'
          ? `published${partition.exceptOrgId ? ` except ${partition.exceptOrgId}` : ''}`
          : `review state ${partition.reviewState}`;

  it.each(
    cases.map(
      ([who, principal, filters, expected]) =>
        [
          who,
          filtersText(filters),
          listText(expected.map(partitionText)),
          principal,
          filters,
          expected,
        ] as const,
    ),
  )('reads, for %s with %s: %s', (_who, _filtersText, _expectedText, principal, filters, expected) => {
    expect(partitionsFor(principal(), filters)).toEqual(expected);
  });
});
