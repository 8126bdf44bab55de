import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import {
  acceptedKey,
  DynamoProjectRepository,
  projectItem,
} from '../../shared/adapters/dynamodb/projects-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ConflictError, VersionConflictError } from '../../shared/domain/errors.ts';
import { indicatorProjectOf } from '../../shared/domain/indicator-runs/job.ts';
import type { ProjectRef } from '../../shared/domain/indicator-runs/ports.ts';
import type { ProjectFilters, ProjectPartition } from '../../shared/domain/projects/ports.ts';
import {
  changeStatus,
  createProject,
  type ProjectChange,
  patchProject,
  reviewProject,
} from '../../shared/domain/projects/project.ts';
import type {
  AuditEntry,
  ExternalRef,
  Project,
  ProjectCreateInput,
  ProjectPatch,
  ReviewDecision,
} from '../../shared/domain/projects/schema.ts';
import { unique } from '../support/project-bodies.ts';
import { aContext, aProjectInput, aSubmitter, now } from '../unit/domain/factories.ts';

const repository = new DynamoProjectRepository(documentClient, tableName('projects'));

/** Ids in creation order: a later project sorts after an earlier one, as ULIDs from the clock do. */
const nextId = monotonicFactory();

const aRef = (): ExternalRef => ({ system: 'gem', id: unique('GEM') });

/** A new project of `orgId` with its first audit entry, built the way the domain builds them. */
function newProject(orgId: string, input: Partial<ProjectCreateInput> = {}): ProjectChange {
  return createProject(
    aProjectInput({ statusEffectiveDate: '2024-01-10', ...input }),
    aContext({ principal: aSubmitter({ orgId }), newId: nextId }),
  );
}

/** Stores a new project and answers it. */
async function stored(orgId: string, input: Partial<ProjectCreateInput> = {}): Promise<Project> {
  const { project, audit } = newProject(orgId, input);
  await repository.create(project, audit);
  return project;
}

function edit(project: Project, patch: ProjectPatch) {
  const { project: next, audit } = patchProject(project, patch, {
    principal: aSubmitter({ orgId: project.orgId }),
    now,
    usdPerUnit: () => undefined,
    newId: nextId,
  });
  if (!audit) throw new Error('The patch changed nothing');
  return { next, audit };
}

async function accepted(project: Project): Promise<Project> {
  const { project: next, audit } = reviewProject(
    project,
    { decision: 'accepted', comment: 'Looks right' },
    { principal: { subject: 'reviewer', roles: ['reviewer'] }, now },
  );
  await repository.update(project, next, audit);
  return next;
}

async function rejectionOf(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to be refused');
}

const ids = (projects: readonly Project[]) => projects.map((p) => p.id);

describe('DynamoProjectRepository on DynamoDB Local', () => {
  describe('create and get', () => {
    it('answers exactly the record it stored, without key attributes', async () => {
      const { project, audit } = newProject(unique('org'), { externalRefs: [aRef()] });

      await repository.create(project, audit);

      const read = await repository.get(project.id);
      expect(read).toStrictEqual(project);
      expect(Object.keys(read ?? {})).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(pk|sk|entity|gsi\d(pk|sk))$/)]),
      );
      expect((await repository.history(project.id, 10)).entries).toStrictEqual([audit]);
    });

    it('answers undefined for a project that does not exist', async () => {
      expect(await repository.get(nextId())).toBeUndefined();
    });

    it('records which project each external reference belongs to', async () => {
      const ref = aRef();
      const project = await stored(unique('org'), { externalRefs: [ref] });

      expect(await repository.findByExternalRef(ref)).toBe(project.id);
      expect(await repository.findByExternalRef(aRef())).toBeUndefined();
    });

    it('refuses a second project with the same id', async () => {
      const { project, audit } = newProject(unique('org'));
      await repository.create(project, audit);

      const error = await rejectionOf(repository.create({ ...project, name: 'Another' }, audit));

      expect(error).toBeInstanceOf(ConflictError);
      expect(await repository.get(project.id)).toStrictEqual(project);
    });

    it('refuses an external reference claimed by another project and writes nothing', async () => {
      const ref = aRef();
      const owner = await stored(unique('org'), { externalRefs: [ref] });
      const { project, audit } = newProject(unique('org'), { externalRefs: [aRef(), ref] });

      const error = await rejectionOf(repository.create(project, audit));

      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toContain(ref.id);
      expect(await repository.get(project.id)).toBeUndefined();
      expect((await repository.history(project.id, 10)).entries).toEqual([]);
      expect(await repository.findByExternalRef(ref)).toBe(owner.id);
      const otherRef = project.externalRefs?.[0];
      expect(otherRef && (await repository.findByExternalRef(otherRef))).toBeUndefined();
    });
  });

  describe('update', () => {
    it('stores the next version and its audit entry when the version still matches', async () => {
      const project = await stored(unique('org'));
      const { next, audit } = edit(project, { name: 'Renamed wind project' });

      await repository.update(project, next, audit);

      expect(await repository.get(project.id)).toStrictEqual(next);
      expect((await repository.history(project.id, 10)).entries.map((e) => e.version)).toEqual([1, 2]);
      expect((await repository.history(project.id, 10)).entries[1]).toStrictEqual(audit);
    });

    it('refuses a stale version with VersionConflictError and changes nothing', async () => {
      const project = await stored(unique('org'));
      const first = edit(project, { name: 'First edit' });
      await repository.update(project, first.next, first.audit);
      const stale = edit(project, { name: 'Edit from a stale read', externalRefs: [aRef()] });

      const error = await rejectionOf(repository.update(project, stale.next, stale.audit));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.get(project.id)).toStrictEqual(first.next);
      expect((await repository.history(project.id, 10)).entries).toStrictEqual([
        expect.objectContaining({ version: 1, action: 'created' }),
        first.audit,
      ]);
      const staleRef = stale.next.externalRefs?.[0];
      expect(staleRef && (await repository.findByExternalRef(staleRef))).toBeUndefined();
    });

    it('refuses an update of a project that does not exist', async () => {
      const { project } = newProject(unique('org'));
      const { next, audit } = edit(project, { name: 'Never stored' });

      const error = await rejectionOf(repository.update(project, next, audit));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.get(project.id)).toBeUndefined();
    });

    it('moves external reference claims: the old one is released, the new one claimed', async () => {
      const oldRef = aRef();
      const newRef = aRef();
      const project = await stored(unique('org'), { externalRefs: [oldRef] });
      const { next, audit } = edit(project, { externalRefs: [newRef] });

      await repository.update(project, next, audit);

      expect(await repository.findByExternalRef(oldRef)).toBeUndefined();
      expect(await repository.findByExternalRef(newRef)).toBe(project.id);
      const claimant = await stored(unique('org'), { externalRefs: [oldRef] });
      expect(await repository.findByExternalRef(oldRef)).toBe(claimant.id);
    });

    it('keeps the claim of a reference that the update keeps', async () => {
      const kept = aRef();
      const project = await stored(unique('org'), { externalRefs: [kept] });
      const { next, audit } = edit(project, { externalRefs: [kept, aRef()] });

      await repository.update(project, next, audit);

      expect(await repository.findByExternalRef(kept)).toBe(project.id);
    });

    it('refuses a new external reference claimed by another project and changes nothing', async () => {
      const taken = aRef();
      const own = aRef();
      const owner = await stored(unique('org'), { externalRefs: [taken] });
      const project = await stored(unique('org'), { externalRefs: [own] });
      const { next, audit } = edit(project, { externalRefs: [taken] });

      const error = await rejectionOf(repository.update(project, next, audit));

      expect(error).toBeInstanceOf(ConflictError);
      expect(await repository.findByExternalRef(taken)).toBe(owner.id);
      expect(await repository.findByExternalRef(own)).toBe(project.id);
      expect(await repository.get(project.id)).toStrictEqual(project);
    });

    it('lets exactly one of ten concurrent updates from the same version succeed', async () => {
      const project = await stored(unique('org'));
      const updates = Array.from({ length: 10 }, (_, i) => edit(project, { name: `Concurrent edit ${i}` }));

      const outcomes = await Promise.allSettled(
        updates.map(({ next, audit }) => repository.update(project, next, audit)),
      );

      const succeeded = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [updates[i]] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(succeeded).toHaveLength(1);
      expect(refused).toHaveLength(9);
      for (const reason of refused) expect(reason).toBeInstanceOf(VersionConflictError);
      expect(await repository.get(project.id)).toStrictEqual(succeeded[0]?.next);
      expect((await repository.history(project.id, 10)).entries.map((e) => e.version)).toEqual([1, 2]);
    });
  });

  describe('list', () => {
    /** Five projects of a fresh organisation, oldest first, with varied fields; two are accepted. */
    async function anOrganisationsProjects() {
      const orgId = unique('org');
      const solarUs = await stored(orgId, {
        technology: 'solar_pv',
        hostCountry: 'US',
        location: { accuracy: 'approximate' },
        programs: ['selectusa'],
      });
      const windJp = await accepted(await stored(orgId, { programs: ['jucip', 'j_bridge'] }));
      const operating = await stored(orgId, { status: 'operating' });
      const hydrogenUs = await accepted(
        await stored(orgId, { technology: 'hydrogen', hostCountry: 'US', location: { accuracy: 'exact' } }),
      );
      const latest = await stored(orgId, { programs: ['j_bridge'] });
      return { orgId, solarUs, windJp, operating, hydrogenUs, latest };
    }

    async function listed(
      partitions: readonly ProjectPartition[],
      filters: ProjectFilters,
      limit = 100,
      beforeId?: string,
    ) {
      return repository.list({ partitions, filters, limit, ...(beforeId ? { beforeId } : {}) });
    }

    /** Every project of the listing, following `nextBeforeId` (pages may be short when filters match rarely). */
    async function listedWhole(partitions: readonly ProjectPartition[], filters: ProjectFilters) {
      const found: Project[] = [];
      let beforeId: string | undefined;
      for (let page = 0; page < 1_000; page++) {
        const { projects, nextBeforeId } = await listed(partitions, filters, 100, beforeId);
        found.push(...projects);
        if (!nextBeforeId) return found;
        beforeId = nextBeforeId;
      }
      throw new Error('The listing did not end');
    }

    it('lists an organisation newest first', async () => {
      const { orgId, solarUs, windJp, operating, hydrogenUs, latest } = await anOrganisationsProjects();

      const { projects, nextBeforeId } = await listed([{ kind: 'org', orgId }], {});

      expect(ids(projects)).toEqual(ids([latest, hydrogenUs, operating, windJp, solarUs]));
      expect(nextBeforeId).toBeUndefined();
      expect(projects[1]).toStrictEqual(hydrogenUs);
    });

    it('lists every project and filters by organisation', async () => {
      const { orgId, solarUs, windJp, operating, hydrogenUs, latest } = await anOrganisationsProjects();

      const projects = await listedWhole([{ kind: 'all' }], { orgId });

      expect(ids(projects)).toEqual(ids([latest, hydrogenUs, operating, windJp, solarUs]));
    });

    it('lists one review state', async () => {
      const { orgId, windJp, hydrogenUs } = await anOrganisationsProjects();

      const projects = await listedWhole([{ kind: 'review_state', reviewState: 'accepted' }], { orgId });

      expect(ids(projects)).toEqual(ids([hydrogenUs, windJp]));
      for (const project of projects) expect(project.reviewState).toBe('accepted');
    });

    it('answers the union of partitions once per project, newest first', async () => {
      const { orgId, solarUs, windJp, operating, hydrogenUs, latest } = await anOrganisationsProjects();

      const projects = await listedWhole(
        [
          { kind: 'review_state', reviewState: 'accepted' },
          { kind: 'org', orgId },
        ],
        { orgId },
      );

      expect(ids(projects)).toEqual(ids([latest, hydrogenUs, operating, windJp, solarUs]));
    });

    it.each([
      ['hostCountry', 'US', ['hydrogenUs', 'solarUs']],
      ['technology', 'wind_offshore', ['latest', 'operating', 'windJp']],
      ['status', 'operating', ['operating']],
      ['program', 'j_bridge', ['latest', 'windJp']],
      ['reviewState', 'submitted', ['latest', 'operating', 'solarUs']],
    ] as const)('filters by %s', async (field, value, expected) => {
      const fixture = await anOrganisationsProjects();

      const { projects } = await listed([{ kind: 'org', orgId: fixture.orgId }], {
        [field]: value,
      } as ProjectFilters);

      expect(ids(projects)).toEqual(ids(expected.map((name) => fixture[name])));
    });

    it('combines filters', async () => {
      const { orgId, hydrogenUs } = await anOrganisationsProjects();

      const projects = await listedWhole([{ kind: 'all' }], {
        orgId,
        hostCountry: 'US',
        technology: 'hydrogen',
      });

      expect(ids(projects)).toEqual([hydrogenUs.id]);
    });

    it('says whether more projects follow the page', async () => {
      const { orgId, hydrogenUs, latest } = await anOrganisationsProjects();

      const { projects, nextBeforeId } = await listed([{ kind: 'org', orgId }], {}, 2);

      expect(ids(projects)).toEqual(ids([latest, hydrogenUs]));
      expect(nextBeforeId).toBe(hydrogenUs.id);
    });

    it('answers a short page and where to go on when a filter matches rarely, reading one index page', async () => {
      const orgId = unique('org');
      const geothermal = await stored(orgId, { technology: 'geothermal' });
      const others: Project[] = [];
      for (let i = 0; i < 5; i++) others.push(await stored(orgId, { technology: 'solar_pv' }));

      const first = await listed([{ kind: 'org', orgId }], { technology: 'geothermal' }, 2);

      // Three index items read (limit + 1), none of them geothermal: an empty page that goes on.
      expect(first.projects).toEqual([]);
      expect(first.nextBeforeId).toBe(others[2]?.id);
      const second = await listed(
        [{ kind: 'org', orgId }],
        { technology: 'geothermal' },
        2,
        first.nextBeforeId,
      );
      expect(ids(second.projects)).toEqual([geothermal.id]);
      // DynamoDB cannot tell that the third item it read was the partition's last: one more, empty, page.
      expect(second.nextBeforeId).toBe(geothermal.id);
      const third = await listed([{ kind: 'org', orgId }], { technology: 'geothermal' }, 2, geothermal.id);
      expect(third).toEqual({ projects: [] });
    });

    it('ends a page of a union where the partition read least far stopped, so nothing is skipped or repeated', async () => {
      const orgId = unique('org');
      const acceptedGeothermal = await accepted(await stored(unique('org'), { technology: 'geothermal' }));
      const ownGeothermal = await stored(orgId, { technology: 'geothermal' });
      const ownSolar: Project[] = [];
      for (let i = 0; i < 3; i++) ownSolar.push(await stored(orgId, { technology: 'solar_pv' }));
      const partitions: ProjectPartition[] = [
        { kind: 'review_state', reviewState: 'accepted' },
        { kind: 'org', orgId },
      ];

      const first = await listed(partitions, { technology: 'geothermal' }, 2);

      // The organisation's read stopped at its third newest project; the accepted partition read past
      // the accepted geothermal project, but the organisation's older projects are not read yet.
      expect(first.projects).toEqual([]);
      expect(first.nextBeforeId).toBe(ownSolar[0]?.id);
      const found: string[] = [];
      let beforeId = first.nextBeforeId;
      for (let page = 0; beforeId && page < 1_000; page++) {
        const next = await listed(partitions, { technology: 'geothermal' }, 2, beforeId);
        found.push(...ids(next.projects));
        beforeId = next.nextBeforeId;
      }
      expect(found.slice(0, 2)).toEqual([ownGeothermal.id, acceptedGeothermal.id]);
      expect(new Set(found).size).toBe(found.length);
    });

    it.each([
      ['one organisation', 1, (orgId: string): ProjectPartition[] => [{ kind: 'org', orgId }]],
      ['every project', 2, (_orgId: string): ProjectPartition[] => [{ kind: 'all' }]],
      [
        'a union of partitions',
        2,
        (orgId: string): ProjectPartition[] => [
          { kind: 'review_state', reviewState: 'accepted' },
          { kind: 'org', orgId },
        ],
      ],
    ])(
      'pages through %s with beforeId, returning each project once (limit %i)',
      async (_name, limit, partitionsOf) => {
        const { orgId, solarUs, windJp, operating, hydrogenUs, latest } = await anOrganisationsProjects();
        const seen: string[] = [];
        let beforeId: string | undefined;

        for (let page = 0; page < 1_000; page++) {
          const { projects, nextBeforeId } = await listed(partitionsOf(orgId), { orgId }, limit, beforeId);
          expect(projects.length).toBeLessThanOrEqual(limit);
          seen.push(...ids(projects));
          beforeId = nextBeforeId;
          if (!beforeId) break;
        }

        expect(seen).toEqual(ids([latest, hydrogenUs, operating, windJp, solarUs]));
      },
    );
  });

  describe('history', () => {
    async function aProjectWithHistory() {
      let project = await stored(unique('org'));
      const audits: AuditEntry[] = [];
      const changes = [
        (p: Project) => {
          const { next, audit } = edit(p, { name: 'Renamed' });
          return { project: next, audit };
        },
        (p: Project) =>
          changeStatus(
            p,
            { status: 'construction', effectiveDate: '2025-01-01' },
            { principal: aSubmitter(), now },
          ),
        (p: Project) =>
          reviewProject(
            p,
            { decision: 'accepted', comment: 'Fine' },
            { principal: { subject: 'reviewer', roles: ['reviewer'] }, now },
          ),
        (p: Project) => {
          const { next, audit } = edit(p, { summary: 'Longer summary' });
          return { project: next, audit };
        },
      ];
      for (const change of changes) {
        const { project: next, audit } = change(project);
        await repository.update(project, next, audit);
        audits.push(audit);
        project = next;
      }
      return { project, audits };
    }

    it('lists audit entries oldest first', async () => {
      const { project, audits } = await aProjectWithHistory();

      const { entries, more } = await repository.history(project.id, 10);

      expect(entries.map((e) => e.action)).toEqual([
        'created',
        'edited',
        'status_changed',
        'reviewed',
        'edited',
      ]);
      expect(entries.slice(1)).toStrictEqual(audits);
      expect(more).toBe(false);
    });

    it('pages after a version', async () => {
      const { project } = await aProjectWithHistory();

      const first = await repository.history(project.id, 2);
      const second = await repository.history(project.id, 2, 2);
      const last = await repository.history(project.id, 2, 4);

      expect(first.entries.map((e) => e.version)).toEqual([1, 2]);
      expect(first.more).toBe(true);
      expect(second.entries.map((e) => e.version)).toEqual([3, 4]);
      expect(second.more).toBe(true);
      expect(last.entries.map((e) => e.version)).toEqual([5]);
      expect(last.more).toBe(false);
    });

    it('answers no entries for a project that does not exist', async () => {
      expect(await repository.history(nextId(), 10)).toEqual({ entries: [], more: false });
    });
  });
});

describe('DynamoProjectRepository: accepted versions on DynamoDB Local', () => {
  const inputs = new DynamoIndicatorInputs(documentClient, {
    projects: tableName('projects'),
    metrics: tableName('metrics'),
  });
  const reviewer2 = { subject: 'reviewer-2', roles: ['reviewer' as const] };

  async function decided(project: Project, decision: ReviewDecision): Promise<Project> {
    const { project: next, audit } = reviewProject(
      project,
      { decision, comment: 'Decided' },
      {
        principal: reviewer2,
        now,
      },
    );
    await repository.update(project, next, audit);
    return next;
  }

  async function edited(project: Project, patch: ProjectPatch): Promise<Project> {
    const kept = await repository.getStored(project.id);
    const { project: next, audit } = patchProject(
      project,
      patch,
      { principal: aSubmitter({ orgId: project.orgId }), now, usdPerUnit: () => undefined, newId: nextId },
      kept?.accepted,
    );
    if (!audit) throw new Error('The patch changed nothing');
    await repository.update(project, next, audit);
    return next;
  }

  /** The accepted versions the indicator job reads, of the given projects only (the table is shared). */
  async function publishedOf(...projects: readonly Project[]): Promise<Project[]> {
    const wanted = new Set(ids(projects));
    const found: Project[] = [];
    for await (const page of inputs.acceptedProjects()) found.push(...page.filter((p) => wanted.has(p.id)));
    return found;
  }

  const rawItem = async (key: Record<string, string>) =>
    (await documentClient.send(new GetCommand({ TableName: tableName('projects'), Key: key }))).Item;

  it('keeps the accepted version apart while a revision is pending, and publishes only it', async () => {
    const orgId = unique('org');
    const version2 = await accepted(await stored(orgId));
    const pending = await edited(version2, { capacity: { value: 150 } });

    expect(await repository.getStored(version2.id)).toStrictEqual({ current: pending, accepted: version2 });
    expect(await repository.get(version2.id)).toStrictEqual(pending);
    expect(await publishedOf(version2)).toStrictEqual([version2]);
    const published = await repository.list({
      partitions: [{ kind: 'published' }],
      filters: { orgId },
      limit: 10,
    });
    expect(published.projects).toStrictEqual([version2]);
    const inAcceptedState = await repository.list({
      partitions: [{ kind: 'review_state', reviewState: 'accepted' }],
      filters: { orgId },
      limit: 10,
    });
    expect(inAcceptedState.projects).toEqual([]);
    const inQueue = await repository.list({
      partitions: [{ kind: 'review_state', reviewState: 'submitted' }],
      filters: { orgId },
      limit: 10,
    });
    expect(inQueue.projects).toStrictEqual([pending]);
    const everything = await repository.list({
      partitions: [{ kind: 'all' }],
      filters: { orgId },
      limit: 10,
    });
    expect(everything.projects).toStrictEqual([pending]);
  });

  it('gives the indicator job the accepted disbursements and targets, not those of a pending revision', async () => {
    const commitment = {
      investorCountry: 'JP',
      amount: 1_000_000,
      currency: 'USD',
      committedOn: '2024-03-01',
      instrument: 'equity',
    } as const;
    const version2 = await accepted(await stored(unique('org'), { investments: [commitment] }));
    const [investment] = version2.investments;
    const pending = await edited(version2, {
      investments: [
        { ...commitment, id: investment?.id, disbursements: [{ date: '2024-06-01', amount: 400_000 }] },
      ],
      expected: { annualReductionsTco2e: 1_200 },
    });

    expect(pending.pendingChanges).toEqual(['investments', 'expected']);
    const [beforeReview] = await publishedOf(version2);
    expect(beforeReview && indicatorProjectOf(beforeReview).investments).toEqual([
      { investorCountry: 'JP', usdAmount: 1_000_000, committedOn: '2024-03-01' },
    ]);
    expect(beforeReview && indicatorProjectOf(beforeReview).expected).toBeUndefined();

    await decided(pending, 'accepted');
    const [afterReview] = await publishedOf(version2);
    expect(afterReview && indicatorProjectOf(afterReview)).toMatchObject({
      investments: [
        {
          investorCountry: 'JP',
          usdAmount: 1_000_000,
          committedOn: '2024-03-01',
          disbursements: [{ date: '2024-06-01', usdAmount: 400_000 }],
        },
      ],
      expected: { annualReductionsTco2e: 1_200 },
    });
  });

  it('lists the published projects by key for the sharded job, and reads the accepted version even when it moved since', async () => {
    const orgId = unique('org');
    const version2 = await accepted(await stored(orgId));
    const refs: ProjectRef[] = [];
    for await (const page of inputs.acceptedProjectRefs())
      refs.push(...page.filter((ref) => ref.id === version2.id));

    expect(refs).toEqual([{ id: version2.id, key: 'PROJECT' }]);
    expect(await inputs.projectsByRef(refs)).toStrictEqual([version2]);

    // A revision goes pending after the listing: the listed key now holds the pending record.
    const pending = await edited(version2, { capacity: { value: 150 } });
    expect(pending.reviewState).not.toBe('accepted');
    expect(await inputs.projectsByRef(refs)).toStrictEqual([version2]);

    // Withdrawn after the listing: nothing is read for it.
    await decided(pending, 'withdrawn');
    expect(await inputs.projectsByRef(refs)).toEqual([]);
  });

  it('keeps the accepted version through further edits and decisions other than acceptance', async () => {
    const version2 = await accepted(await stored(unique('org')));
    const first = await edited(version2, { capacity: { value: 150 } });
    const asked = await decided(first, 'changes_requested');
    const second = await edited(asked, { name: 'Renamed' });

    expect(second).toMatchObject({ reviewState: 'submitted', acceptedVersion: version2.version });
    expect((await repository.getStored(version2.id))?.accepted).toStrictEqual(version2);
    expect(await publishedOf(version2)).toStrictEqual([version2]);
  });

  it('publishes the revision once accepted, and drops the version kept apart', async () => {
    const version2 = await accepted(await stored(unique('org')));
    const pending = await edited(version2, { capacity: { value: 150 } });

    const republished = await decided(pending, 'accepted');

    expect(await rawItem(acceptedKey(version2.id))).toBeUndefined();
    expect(await repository.getStored(version2.id)).toStrictEqual({
      current: republished,
      accepted: republished,
    });
    expect(await publishedOf(version2)).toStrictEqual([republished]);
  });

  it.each([
    ['an accepted project', false],
    ['a project with a pending revision', true],
  ])('takes %s out of the published partition when withdrawn', async (_case, pending) => {
    const orgId = unique('org');
    const version2 = await accepted(await stored(orgId));
    const before = pending ? await edited(version2, { capacity: { value: 150 } }) : version2;

    const withdrawn = await decided(before, 'withdrawn');

    expect(await rawItem(acceptedKey(version2.id))).toBeUndefined();
    expect(await repository.getStored(version2.id)).toStrictEqual({
      current: withdrawn,
      accepted: undefined,
    });
    expect(await publishedOf(version2)).toEqual([]);
    const published = await repository.list({
      partitions: [{ kind: 'published' }],
      filters: { orgId },
      limit: 10,
    });
    expect(published.projects).toEqual([]);
  });

  it('leaves an organisation out of the published partition when asked to', async () => {
    const mine = unique('org');
    const own = await accepted(await stored(mine));
    const other = await accepted(await stored(unique('org')));

    const { projects } = await repository.list({
      partitions: [{ kind: 'published', exceptOrgId: mine }],
      filters: {},
      limit: 100,
      beforeId: nextId(),
    });

    expect(ids(projects)).toContain(other.id);
    expect(ids(projects)).not.toContain(own.id);
  });

  describe('an item accepted before accepted versions were kept', () => {
    /** Writes a project the way the adapter did before: accepted, with no accepted version recorded. */
    async function aLegacyAcceptedProject(): Promise<Project> {
      const created = await stored(unique('org'));
      const {
        acceptedVersion: _a,
        pendingChanges: _p,
        revisionAuthors: _r,
        ...legacy
      } = {
        ...created,
        reviewState: 'accepted' as const,
        version: 2,
      };
      await documentClient.send(
        new PutCommand({ TableName: tableName('projects'), Item: projectItem(legacy) }),
      );
      return legacy;
    }

    it('is its own accepted version', async () => {
      const legacy = await aLegacyAcceptedProject();
      const asAccepted = { ...legacy, acceptedVersion: 2, pendingChanges: [] };

      expect(await repository.getStored(legacy.id)).toStrictEqual({
        current: asAccepted,
        accepted: asAccepted,
      });
      expect(await publishedOf(legacy)).toStrictEqual([asAccepted]);
    });

    it('stays published as it was when edited, and another reviewer may accept the edit', async () => {
      const legacy = await aLegacyAcceptedProject();
      const current = (await repository.get(legacy.id)) as Project;

      const pending = await edited(current, { capacity: { value: 150 } });

      expect(pending).toMatchObject({
        reviewState: 'submitted',
        acceptedVersion: 2,
        pendingChanges: ['capacity.value'],
      });
      expect((await publishedOf(legacy)).map((p) => p.capacity?.value)).toEqual([120]);
      expect((await decided(pending, 'accepted')).reviewState).toBe('accepted');
    });
  });
});
