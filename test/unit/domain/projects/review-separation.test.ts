import { describe, expect, it } from 'vitest';
import { FourEyesError } from '../../../../shared/domain/errors.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import { ProjectService } from '../../../../shared/domain/projects/service.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { aProjectInput } from '../factories.ts';

function aService() {
  return new ProjectService({
    projects: new InMemoryProjectRepository(),
    fx: new InMemoryFxRates({}),
    organisations: everyOrganisationRegistered,
    now: () => '2025-06-15T09:30:00.000Z',
    newId: sequentialUlids(),
  });
}

const owner: Principal = { subject: 'owner-1', roles: ['submitter'], orgId: 'org-a' };
const reviewer: Principal = { subject: 'reviewer-1', roles: ['reviewer'] };
const otherReviewer: Principal = { subject: 'reviewer-2', roles: ['reviewer'] };
/** An admin who is also a reviewer, of the owning organisation: may edit and review. */
const editingAdmin: Principal = { subject: 'admin-1', roles: ['admin', 'reviewer'], orgId: 'org-a' };

describe('ProjectService.review: four eyes', () => {
  it('refuses a review by whoever created the project, even an admin', async () => {
    const service = aService();
    const project = await service.create(editingAdmin, aProjectInput({ investments: [] }));

    const attempt = service.review(editingAdmin, project.id, { decision: 'accepted', comment: 'Mine.' }, 1);

    await expect(attempt).rejects.toBeInstanceOf(FourEyesError);
    await expect(attempt).rejects.toThrow(/Four-eyes rule/);
  });

  it('accepts a review by someone else', async () => {
    const service = aService();
    const project = await service.create(owner, aProjectInput({ investments: [] }));
    const reviewed = await service.review(reviewer, project.id, { decision: 'accepted', comment: 'ok' }, 1);
    expect(reviewed.reviewState).toBe('accepted');
  });

  it.each(['accepted', 'changes_requested', 'rejected'] as const)(
    'refuses the decision %s on a revision the reviewer edited, admins included',
    async (decision) => {
      const service = aService();
      const created = await service.create(owner, aProjectInput({ investments: [] }));
      const accepted = await service.review(reviewer, created.id, { decision: 'accepted', comment: 'ok' }, 1);
      const edited = await service.patch(editingAdmin, created.id, { name: 'Renamed' }, accepted.version);

      const attempt = service.review(
        editingAdmin,
        created.id,
        { decision, comment: 'Fine.' },
        edited.version,
      );

      await expect(attempt).rejects.toBeInstanceOf(FourEyesError);
    },
  );

  it('counts everyone who changed the project since it was last accepted, not only the last editor', async () => {
    const service = aService();
    const created = await service.create(owner, aProjectInput({ investments: [] }));
    const accepted = await service.review(reviewer, created.id, { decision: 'accepted', comment: 'ok' }, 1);
    const first = await service.patch(editingAdmin, created.id, { name: 'Renamed' }, accepted.version);
    const second = await service.patch(owner, created.id, { summary: 'Longer.' }, first.version);

    await expect(
      service.review(editingAdmin, created.id, { decision: 'accepted', comment: 'ok' }, second.version),
    ).rejects.toBeInstanceOf(FourEyesError);
    const reviewed = await service.review(
      otherReviewer,
      created.id,
      { decision: 'accepted', comment: 'ok' },
      second.version,
    );
    expect(reviewed.reviewState).toBe('accepted');
  });

  it('counts a status change as authoring the revision', async () => {
    const service = aService();
    const created = await service.create(owner, aProjectInput({ investments: [] }));
    const accepted = await service.review(reviewer, created.id, { decision: 'accepted', comment: 'ok' }, 1);
    const moved = await service.changeStatus(
      editingAdmin,
      created.id,
      { status: 'feasibility', effectiveDate: '2025-06-15' },
      accepted.version,
    );

    await expect(
      service.review(editingAdmin, created.id, { decision: 'accepted', comment: 'ok' }, moved.version),
    ).rejects.toBeInstanceOf(FourEyesError);
  });

  it('lets the creator review a later revision they did not author', async () => {
    const service = aService();
    const created = await service.create(editingAdmin, aProjectInput({ investments: [] }));
    const accepted = await service.review(reviewer, created.id, { decision: 'accepted', comment: 'ok' }, 1);
    const edited = await service.patch(owner, created.id, { name: 'Renamed' }, accepted.version);

    const reviewed = await service.review(
      editingAdmin,
      created.id,
      { decision: 'accepted', comment: 'ok' },
      edited.version,
    );

    expect(reviewed).toMatchObject({ reviewState: 'accepted', acceptedVersion: reviewed.version });
  });

  it('starts counting afresh after an acceptance', async () => {
    const service = aService();
    const created = await service.create(owner, aProjectInput({ investments: [] }));
    const first = await service.patch(editingAdmin, created.id, { name: 'Renamed' }, 1);
    const accepted = await service.review(
      reviewer,
      created.id,
      { decision: 'accepted', comment: 'ok' },
      first.version,
    );
    const edited = await service.patch(owner, created.id, { summary: 'Longer.' }, accepted.version);

    const reviewed = await service.review(
      editingAdmin,
      created.id,
      { decision: 'accepted', comment: 'ok' },
      edited.version,
    );

    expect(reviewed.reviewState).toBe('accepted');
  });
});
