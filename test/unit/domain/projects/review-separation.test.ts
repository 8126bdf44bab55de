import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../../shared/domain/errors.ts';
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

describe('ProjectService.review', () => {
  it('refuses a review by whoever created the project, even an admin', async () => {
    const service = aService();
    const admin: Principal = { subject: 'admin-1', roles: ['admin', 'reviewer'], orgId: 'org-a' };
    const project = await service.create(admin, aProjectInput({ investments: [] }));
    await expect(
      service.review(admin, project.id, { decision: 'accepted', comment: 'Mine.' }, 1),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('accepts a review by someone else', async () => {
    const service = aService();
    const owner: Principal = { subject: 'owner-1', roles: ['submitter'], orgId: 'org-a' };
    const reviewer: Principal = { subject: 'reviewer-1', roles: ['reviewer'] };
    const project = await service.create(owner, aProjectInput({ investments: [] }));
    const reviewed = await service.review(reviewer, project.id, { decision: 'accepted', comment: 'ok' }, 1);
    expect(reviewed.reviewState).toBe('accepted');
  });
});
