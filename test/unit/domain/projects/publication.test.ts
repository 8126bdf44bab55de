import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';
import { runIndicatorJob } from '../../../../shared/domain/indicator-runs/job.ts';
import type { IndicatorRunStore, StoredItem } from '../../../../shared/domain/indicator-runs/ports.ts';
import type { IndicatorRun } from '../../../../shared/domain/indicator-runs/run.ts';
import type { IndicatorItem } from '../../../../shared/domain/indicators/compute.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import { importProjects } from '../../../../shared/domain/projects/import.ts';
import { publishedView } from '../../../../shared/domain/projects/publication.ts';
import type { Project } from '../../../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../../../shared/domain/projects/service.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryIndicatorInputs,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { inMemoryReleaseWriter } from '../../../support/in-memory-releases.ts';
import { anAdmin, aProjectInput, aReviewer, aSubmitter, now } from '../factories.ts';

const kansai = 'org-kansai-energy';
const owner = () => aSubmitter({ subject: 'user-kansai', orgId: kansai });
const colleague = () => aSubmitter({ subject: 'user-kansai-2', orgId: kansai });
const otherOrgSubmitter = () => aSubmitter({ subject: 'user-pacific', orgId: 'org-pacific-grid' });
const aViewer = (): Principal => ({ subject: 'user-viewer', roles: ['viewer'] });
const firstReviewer = () => aReviewer({ subject: 'reviewer-1' });
const secondReviewer = () => aReviewer({ subject: 'reviewer-2' });

function aService() {
  const repository = new InMemoryProjectRepository();
  const service = new ProjectService({
    projects: repository,
    fx: new InMemoryFxRates({ 'JPY:2024': 0.0066 }),
    now: () => now,
    newId: sequentialUlids(),
    organisations: everyOrganisationRegistered,
  });
  return { repository, service };
}

/** A project of Kansai's operating at 120 MW since 2024, accepted by the first reviewer (version 2). */
async function anAcceptedProject(service: ProjectService): Promise<Project> {
  const created = await service.create(
    owner(),
    aProjectInput({
      externalRefs: [{ system: 'gem', id: 'G-1' }],
      status: 'operating',
      statusEffectiveDate: '2024-01-10',
    }),
  );
  return service.review(firstReviewer(), created.id, { decision: 'accepted', comment: 'ok' }, 1);
}

const toCapacity = (value: number) => ({ capacity: { value } });

describe('a change to an accepted project is a pending revision', () => {
  it('goes back to submitted, keeps the accepted version and lists what differs', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);

    const edited = await service.patch(owner(), accepted.id, toCapacity(150), accepted.version);

    expect(edited).toMatchObject({
      reviewState: 'submitted',
      version: 3,
      acceptedVersion: 2,
      pendingChanges: ['capacity.value'],
      capacity: { value: 150, unit: 'MW' },
    });
  });

  it('shows viewers and other organisations the accepted version, and its organisation and reviewers the current one', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const edited = await service.patch(owner(), accepted.id, toCapacity(150), accepted.version);

    for (const outsider of [aViewer(), otherOrgSubmitter()]) {
      const read = await service.get(outsider, accepted.id);
      expect(read).toEqual(publishedView(accepted));
      expect(read.capacity?.value).toBe(120);
      expect(read).not.toHaveProperty('pendingChanges');
    }
    for (const insider of [owner(), colleague(), secondReviewer(), anAdmin()]) {
      expect(await service.get(insider, accepted.id)).toEqual(edited);
    }
  });

  it('lists the accepted version to viewers and other organisations, the current one to its organisation', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const edited = await service.patch(owner(), accepted.id, toCapacity(150), accepted.version);

    const forViewer = await service.list(aViewer(), { filters: {}, limit: 25 });
    const forOtherOrg = await service.list(otherOrgSubmitter(), { filters: {}, limit: 25 });
    const forOwner = await service.list(owner(), { filters: {}, limit: 25 });
    const forReviewer = await service.list(secondReviewer(), {
      filters: { reviewState: 'submitted' },
      limit: 25,
    });

    expect(forViewer.items).toEqual([publishedView(accepted)]);
    expect(forOtherOrg.items).toEqual([publishedView(accepted)]);
    expect(forOwner.items).toEqual([edited]);
    expect(forReviewer.items).toEqual([edited]);
  });

  it('applies a viewer’s filters to the accepted version, not to the pending one', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    await service.patch(owner(), accepted.id, { technology: 'hydrogen' }, accepted.version);

    const asAccepted = await service.list(aViewer(), { filters: { technology: 'wind_offshore' }, limit: 25 });
    const asPending = await service.list(aViewer(), { filters: { technology: 'hydrogen' }, limit: 25 });

    expect(asAccepted.items.map((p) => p.id)).toEqual([accepted.id]);
    expect(asPending.items).toEqual([]);
  });

  it('makes a status change a pending revision too', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);

    const moved = await service.changeStatus(
      owner(),
      accepted.id,
      { status: 'suspended', effectiveDate: '2025-01-01' },
      accepted.version,
    );

    expect(moved).toMatchObject({ reviewState: 'submitted', acceptedVersion: 2 });
    expect(moved.pendingChanges).toEqual(['status', 'statusHistory.1']);
    expect((await service.get(aViewer(), accepted.id)).status).toBe('operating');
  });

  it('makes an import row that updates it a pending revision', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const row = aProjectInput({
      externalRefs: [{ system: 'gem', id: 'G-1' }],
      capacity: { value: 99, unit: 'MW' },
    });

    const result = await importProjects(service, owner(), [{ body: row }]);

    expect(result.results).toEqual([{ row: 1, outcome: 'updated', id: accepted.id }]);
    expect(await service.get(owner(), accepted.id)).toMatchObject({
      reviewState: 'submitted',
      acceptedVersion: 2,
      capacity: { value: 99 },
    });
    expect((await service.get(aViewer(), accepted.id)).capacity?.value).toBe(120);
  });

  it('measures pending changes against the accepted version across several edits', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const first = await service.patch(owner(), accepted.id, toCapacity(150), 2);
    const second = await service.patch(colleague(), accepted.id, { name: 'Renamed' }, first.version);
    const back = await service.patch(owner(), accepted.id, toCapacity(120), second.version);

    expect(second.pendingChanges).toEqual(['name', 'capacity.value']);
    expect(back.pendingChanges).toEqual(['name']);
    expect(back.revisionAuthors).toEqual(['user-kansai', 'user-kansai-2']);
  });

  it('shows viewers the history up to the accepted version only', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    await service.patch(owner(), accepted.id, toCapacity(150), accepted.version);

    const forViewer = await service.history(aViewer(), accepted.id, 25);
    const forOwner = await service.history(owner(), accepted.id, 25);

    expect(forViewer.items.map((e) => e.version)).toEqual([1, 2]);
    expect(forViewer.nextCursor).toBeNull();
    expect(forOwner.items.map((e) => e.version)).toEqual([1, 2, 3]);
  });
});

describe('review decisions on a pending revision', () => {
  async function aPendingRevision() {
    const { repository, service } = aService();
    const accepted = await anAcceptedProject(service);
    const edited = await service.patch(owner(), accepted.id, toCapacity(150), accepted.version);
    return { repository, service, accepted, edited };
  }

  it('publishes the revision when accepted', async () => {
    const { service, edited } = await aPendingRevision();

    const reviewed = await service.review(
      secondReviewer(),
      edited.id,
      { decision: 'accepted', comment: 'ok' },
      3,
    );

    expect(reviewed).toMatchObject({
      reviewState: 'accepted',
      version: 4,
      acceptedVersion: 4,
      pendingChanges: [],
      revisionAuthors: [],
    });
    expect(await service.get(aViewer(), edited.id)).toEqual(publishedView(reviewed));
  });

  it.each(['changes_requested', 'rejected'] as const)(
    'keeps the accepted version published when %s',
    async (decision) => {
      const { service, accepted, edited } = await aPendingRevision();

      const reviewed = await service.review(secondReviewer(), edited.id, { decision, comment: 'no' }, 3);

      expect(reviewed).toMatchObject({
        reviewState: decision,
        acceptedVersion: 2,
        pendingChanges: ['capacity.value'],
      });
      expect(await service.get(aViewer(), edited.id)).toEqual(publishedView(accepted));
    },
  );

  it.each(['changes_requested', 'rejected'] as const)(
    'resubmits the revision on the owner’s next edit after %s',
    async (decision) => {
      const { service, edited } = await aPendingRevision();
      const reviewed = await service.review(secondReviewer(), edited.id, { decision, comment: 'no' }, 3);

      const again = await service.patch(owner(), edited.id, toCapacity(140), reviewed.version);

      expect(again).toMatchObject({
        reviewState: 'submitted',
        acceptedVersion: 2,
        pendingChanges: ['capacity.value'],
      });
    },
  );
});

describe('withdrawal', () => {
  it.each([
    ['an accepted project', false],
    ['a project with a pending revision', true],
  ])('takes %s out of publication', async (_case, pending) => {
    const { repository, service } = aService();
    const accepted = await anAcceptedProject(service);
    const before = pending ? await service.patch(owner(), accepted.id, toCapacity(150), 2) : accepted;

    const withdrawn = await service.review(
      secondReviewer(),
      accepted.id,
      { decision: 'withdrawn', comment: 'The partners disowned it.' },
      before.version,
    );

    expect(withdrawn.reviewState).toBe('withdrawn');
    expect(withdrawn).not.toHaveProperty('acceptedVersion');
    expect(withdrawn).not.toHaveProperty('pendingChanges');
    await expect(service.get(aViewer(), accepted.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.list(aViewer(), { filters: {}, limit: 25 })).items).toEqual([]);
    expect(repository.publishedProjects()).toEqual([]);
    const history = await service.history(owner(), accepted.id, 25);
    expect(history.items.at(-1)).toMatchObject({
      action: 'reviewed',
      by: 'reviewer-2',
      comment: 'The partners disowned it.',
      changes: expect.arrayContaining([{ path: 'reviewState', from: before.reviewState, to: 'withdrawn' }]),
    });
  });

  it('may be decided by a reviewer who authored the pending revision: it publishes nothing', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const editor = anAdmin({ subject: 'admin-editor' });
    const edited = await service.patch(editor, accepted.id, toCapacity(150), 2);

    const withdrawn = await service.review(
      editor,
      accepted.id,
      { decision: 'withdrawn', comment: 'Mine, wrong.' },
      edited.version,
    );

    expect(withdrawn.reviewState).toBe('withdrawn');
  });

  it('is refused for a project that was never accepted (reject it instead)', async () => {
    const { service } = aService();
    const created = await service.create(owner(), aProjectInput());

    const attempt = service.review(secondReviewer(), created.id, { decision: 'withdrawn', comment: 'x' }, 1);

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'decision' }] });
  });

  it('is resubmitted by the owner’s next edit, and published again only by a new acceptance', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const withdrawn = await service.review(
      secondReviewer(),
      accepted.id,
      { decision: 'withdrawn', comment: 'x' },
      2,
    );

    const edited = await service.patch(owner(), accepted.id, toCapacity(110), withdrawn.version);

    expect(edited).toMatchObject({ reviewState: 'submitted' });
    expect(edited).not.toHaveProperty('acceptedVersion');
    await expect(service.get(aViewer(), accepted.id)).rejects.toBeInstanceOf(NotFoundError);
    const again = await service.review(
      secondReviewer(),
      accepted.id,
      { decision: 'accepted', comment: 'ok' },
      edited.version,
    );
    expect((await service.get(aViewer(), accepted.id)).capacity?.value).toBe(110);
    expect(again.acceptedVersion).toBe(again.version);
  });

  it('is not resubmitted by an admin’s edit from outside the organisation', async () => {
    const { service } = aService();
    const accepted = await anAcceptedProject(service);
    const withdrawn = await service.review(
      secondReviewer(),
      accepted.id,
      { decision: 'withdrawn', comment: 'x' },
      2,
    );

    const edited = await service.patch(anAdmin(), accepted.id, { name: 'Fixed' }, withdrawn.version);

    expect(edited.reviewState).toBe('withdrawn');
  });
});

/** The indicator job over the in-memory fakes, keeping its published items. */
function aJobHarness(repository: InMemoryProjectRepository) {
  const published = new Map<string, IndicatorItem[]>();
  const runs = new Map<string, IndicatorRun>();
  const store: IndicatorRunStore = {
    async start(run) {
      if (runs.has(run.runId)) return 'exists';
      runs.set(run.runId, run);
      return 'started';
    },
    async get(runId) {
      return runs.get(runId);
    },
    async writeItems(runId, items) {
      published.set(runId, [...(published.get(runId) ?? []), ...items]);
    },
    async claim() {
      return true;
    },
    async publish(run) {
      runs.set(run.runId, run);
    },
    async fail() {},
    async latestRunId() {
      return undefined;
    },
    async list() {
      return { runs: [], more: false };
    },
    async items(): Promise<{ items: StoredItem[]; more: boolean }> {
      return { items: [], more: false };
    },
  };
  /** Runs the job; answers the operating capacity of 2026-06 (slice `all`) and how many projects it read. */
  return async (runId: string): Promise<{ capacityMw: unknown; projects: number | undefined }> => {
    const result = await runIndicatorJob(
      { runId, trigger: 'manual' },
      {
        inputs: new InMemoryIndicatorInputs(repository),
        runs: store,
        releases: inMemoryReleaseWriter(store),
        now: () => '2026-07-01T00:00:00.000Z',
      },
    );
    const month = published
      .get(runId)
      ?.find((item) => item.granularity === 'month' && item.period === '2026-06' && item.slice === 'all');
    return {
      capacityMw: month?.indicators.operating_capacity_mw,
      projects: result.outcome === 'published' ? result.run.counts?.projects : undefined,
    };
  };
}

describe('the indicator job reads accepted versions', () => {
  it('counts a project with a pending revision at its accepted values until the revision is accepted', async () => {
    const { repository, service } = aService();
    const accepted = await anAcceptedProject(service);
    const run = aJobHarness(repository);
    const edited = await service.patch(owner(), accepted.id, toCapacity(150), 2);

    expect(await run('01JZ0000000000000000000001')).toEqual({ capacityMw: 120, projects: 1 });

    await service.review(
      secondReviewer(),
      accepted.id,
      { decision: 'accepted', comment: 'ok' },
      edited.version,
    );
    expect(await run('01JZ0000000000000000000002')).toEqual({ capacityMw: 150, projects: 1 });
  });

  it('leaves a withdrawn project out', async () => {
    const { repository, service } = aService();
    const accepted = await anAcceptedProject(service);
    await service.review(secondReviewer(), accepted.id, { decision: 'withdrawn', comment: 'x' }, 2);

    expect((await aJobHarness(repository)('01JZ0000000000000000000003')).projects).toBe(0);
  });
});
