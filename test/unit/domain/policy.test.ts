import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../shared/domain/errors.ts';
import {
  assertAuthorized,
  authorize,
  canView,
  type Decision,
  type GeneralAction,
  isInListScope,
  listScope,
  type Principal,
  type ProjectAction,
  type Role,
} from '../../../shared/domain/policy.ts';
import type { ReviewState } from '../../../shared/domain/projects/schema.ts';

const A: Decision = 'allow';
const F: Decision = 'forbidden';
const N: Decision = 'not_found';

type RoleCase = Role | 'none';
const roleCases: RoleCase[] = ['viewer', 'submitter', 'reviewer', 'admin', 'none'];

/**
 * The expected decision per action and role, read off api.md ("Routes" and the visibility rules),
 * for a caller of the project's own organisation and of another one, on an accepted project and on
 * one that is not (yet) accepted:
 *
 *                          own org              other org
 *                     accepted  not acc.   accepted  not acc.
 */
type Row = readonly [Decision, Decision, Decision, Decision];
const projectMatrix: Record<ProjectAction, Record<RoleCase, Row>> = {
  'project:read': {
    viewer: [A, N, A, N],
    submitter: [A, A, A, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'project:read_history': {
    viewer: [A, N, A, N],
    submitter: [A, A, A, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'metrics:read': {
    viewer: [A, N, A, N],
    submitter: [A, A, A, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'project:edit': {
    viewer: [F, N, F, N],
    submitter: [A, A, F, N],
    reviewer: [F, F, F, F],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'project:change_status': {
    viewer: [F, N, F, N],
    submitter: [A, A, F, N],
    reviewer: [F, F, F, F],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'metrics:write': {
    viewer: [F, N, F, N],
    submitter: [A, A, F, N],
    reviewer: [F, F, F, F],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  // Evidence documents: only the owning organisation, reviewers and admins know they exist.
  'document:read': {
    viewer: [A, N, N, N],
    submitter: [A, A, N, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'document:register': {
    viewer: [F, N, N, N],
    submitter: [A, A, N, N],
    reviewer: [F, F, F, F],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'project:review': {
    viewer: [F, N, F, N],
    submitter: [F, F, F, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
  'metrics:verify': {
    viewer: [F, N, F, N],
    submitter: [F, F, F, N],
    reviewer: [A, A, A, A],
    admin: [A, A, A, A],
    none: [F, F, F, F],
  },
};

/** Actions on no particular project: the expected decision per role (the caller has an organisation). */
const generalMatrix: Record<GeneralAction, Record<RoleCase, Decision>> = {
  'project:create': { viewer: F, submitter: A, reviewer: F, admin: A, none: F },
  'project:import': { viewer: F, submitter: A, reviewer: F, admin: A, none: F },
  'project:list': { viewer: A, submitter: A, reviewer: A, admin: A, none: F },
  'project:import_template': { viewer: A, submitter: A, reviewer: A, admin: A, none: F },
  'reference:write': { viewer: F, submitter: F, reviewer: F, admin: A, none: F },
  'indicators:run': { viewer: F, submitter: F, reviewer: F, admin: A, none: F },
};

const projectOrg = 'org-project-owner';
const notAcceptedStates: ReviewState[] = ['submitted', 'changes_requested', 'rejected'];

function aPrincipal(role: RoleCase, orgId: string): Principal {
  return { subject: `user-${role}`, roles: role === 'none' ? [] : [role], orgId };
}

function aProjectFacts(reviewState: ReviewState) {
  return { orgId: projectOrg, reviewState };
}

const projectCases = (Object.keys(projectMatrix) as ProjectAction[]).flatMap((action) =>
  roleCases.flatMap((role) =>
    (['own', 'other'] as const).flatMap((org) =>
      (['accepted', ...notAcceptedStates] as ReviewState[]).map((reviewState) => {
        const row = projectMatrix[action][role];
        const column = (org === 'own' ? 0 : 2) + (reviewState === 'accepted' ? 0 : 1);
        return { action, role, org, reviewState, expected: row[column] as Decision };
      }),
    ),
  ),
);

describe('authorize on one project', () => {
  it.each(projectCases)(
    'answers $expected to a $role of the $org organisation doing $action on a $reviewState project',
    ({ action, role, org, reviewState, expected }) => {
      const principal = aPrincipal(role, org === 'own' ? projectOrg : 'org-elsewhere');

      expect(authorize(principal, action, aProjectFacts(reviewState))).toBe(expected);
    },
  );
});

describe('authorize on no particular project', () => {
  const cases = (Object.keys(generalMatrix) as GeneralAction[]).flatMap((action) =>
    roleCases.map((role) => ({ action, role, expected: generalMatrix[action][role] })),
  );

  it.each(cases)('answers $expected to a $role doing $action', ({ action, role, expected }) => {
    expect(authorize(aPrincipal(role, 'org-any'), action)).toBe(expected);
  });

  it.each(['project:create', 'project:import'] as const)(
    'forbids %s to a submitter without an organisation',
    (action) => {
      expect(authorize({ subject: 'user-lost', roles: ['submitter'] }, action)).toBe('forbidden');
    },
  );
});

describe('a caller holding several roles', () => {
  it('gets what any of its roles allows: a viewer and submitter edits its own organisation’s project', () => {
    const principal: Principal = { subject: 'u', roles: ['viewer', 'submitter'], orgId: projectOrg };

    expect(authorize(principal, 'project:edit', aProjectFacts('submitted'))).toBe('allow');
  });

  it('lets a submitter who is also a reviewer both edit its own projects and review others', () => {
    const principal: Principal = { subject: 'u', roles: ['submitter', 'reviewer'], orgId: projectOrg };

    expect(authorize(principal, 'project:edit', aProjectFacts('submitted'))).toBe('allow');
    expect(authorize(principal, 'project:review', { orgId: 'org-elsewhere', reviewState: 'submitted' })).toBe(
      'allow',
    );
    expect(authorize(principal, 'project:edit', { orgId: 'org-elsewhere', reviewState: 'submitted' })).toBe(
      'forbidden',
    );
  });
});

describe('a submitter without an organisation', () => {
  const aSubmitterWithoutOrg = (): Principal => ({ subject: 'u', roles: ['submitter'] });

  it('sees accepted projects only', () => {
    const principal = aSubmitterWithoutOrg();

    expect(canView(principal, aProjectFacts('accepted'))).toBe(true);
    expect(canView(principal, aProjectFacts('submitted'))).toBe(false);
  });

  it('may not edit even an accepted project', () => {
    expect(authorize(aSubmitterWithoutOrg(), 'project:edit', aProjectFacts('accepted'))).toBe('forbidden');
  });
});

describe('listScope', () => {
  const expectedScopes: Record<RoleCase, ReturnType<typeof listScope>> = {
    viewer: { kind: 'accepted' },
    submitter: { kind: 'accepted_and_own_org', orgId: 'org-mine' },
    reviewer: { kind: 'all' },
    admin: { kind: 'all' },
    none: { kind: 'none' },
  };

  it.each(roleCases)('describes what a %s may list', (role) => {
    expect(listScope(aPrincipal(role, 'org-mine'))).toEqual(expectedScopes[role]);
  });

  it('limits a submitter without an organisation to accepted projects', () => {
    expect(listScope({ subject: 'u', roles: ['submitter'] })).toEqual({ kind: 'accepted' });
  });

  const visibilityCases = roleCases.flatMap((role) =>
    (['own', 'other'] as const).flatMap((org) =>
      (['accepted', ...notAcceptedStates] as ReviewState[]).map((reviewState) => ({
        role,
        org,
        reviewState,
      })),
    ),
  );

  it.each(visibilityCases)(
    'lists a $reviewState project of the $org organisation to a $role exactly when it may read it',
    ({ role, org, reviewState }) => {
      const principal = aPrincipal(role, org === 'own' ? projectOrg : 'org-elsewhere');
      const project = aProjectFacts(reviewState);

      expect(isInListScope(listScope(principal), project)).toBe(
        authorize(principal, 'project:read', project) === 'allow',
      );
    },
  );
});

describe('assertAuthorized', () => {
  it('throws NotFoundError where the caller may not see the project', () => {
    expect(() =>
      assertAuthorized(aPrincipal('viewer', projectOrg), 'project:read', aProjectFacts('submitted')),
    ).toThrow(NotFoundError);
  });

  it('throws ForbiddenError where the caller sees the project but may not act on it', () => {
    expect(() =>
      assertAuthorized(aPrincipal('viewer', projectOrg), 'project:edit', aProjectFacts('accepted')),
    ).toThrow(ForbiddenError);
  });

  it('returns quietly when the action is allowed', () => {
    expect(() => assertAuthorized(aPrincipal('admin', 'org-any'), 'indicators:run')).not.toThrow();
  });
});
