import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../shared/domain/errors.ts';
import {
  assertAuthorized,
  authorize,
  canView,
  type Decision,
  type GeneralAction,
  type HistoryView,
  historyView,
  isInListScope,
  listScope,
  type OrganisationAction,
  type Principal,
  type ProjectAction,
  type Role,
  seesCurrentRecord,
} from '../../../shared/domain/policy.ts';
import type { ReviewState } from '../../../shared/domain/projects/schema.ts';

const A: Decision = 'allow';
const F: Decision = 'forbidden';
const N: Decision = 'not_found';

type RoleCase = Role | 'none';
const roleCases: RoleCase[] = ['viewer', 'submitter', 'reviewer', 'admin', 'none'];

/**
 * The expected decision per action and role, read off `docs/api.md` (the routes table) and `docs/visibility.md`,
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
  'metrics:import': { viewer: F, submitter: A, reviewer: F, admin: A, none: F },
  'reference:write': { viewer: F, submitter: F, reviewer: F, admin: A, none: F },
  'indicators:run': { viewer: F, submitter: F, reviewer: F, admin: A, none: F },
  'reminders:run': { viewer: F, submitter: F, reviewer: F, admin: A, none: F },
  'organisation:list': { viewer: F, submitter: F, reviewer: A, admin: A, none: F },
  'review_queue:list': { viewer: F, submitter: F, reviewer: A, admin: A, none: F },
  'notifications:read': { viewer: A, submitter: A, reviewer: A, admin: A, none: F },
};

/**
 * Actions on one organisation: the expected decision per role, for a caller of that organisation
 * and of another one (`[own, other]`).
 */
const organisationMatrix: Record<OrganisationAction, Record<RoleCase, readonly [Decision, Decision]>> = {
  'organisation:read': {
    viewer: [A, N],
    submitter: [A, N],
    reviewer: [A, A],
    admin: [A, A],
    none: [F, F],
  },
  'organisation:edit_contacts': {
    viewer: [F, N],
    submitter: [A, N],
    reviewer: [F, F],
    admin: [A, A],
    none: [F, F],
  },
  'organisation:edit_profile': {
    viewer: [F, N],
    submitter: [F, N],
    reviewer: [F, F],
    admin: [A, A],
    none: [F, F],
  },
  'organisation:create': {
    viewer: [F, N],
    submitter: [F, N],
    reviewer: [F, F],
    admin: [A, A],
    none: [F, F],
  },
  'clients:manage': {
    viewer: [F, N],
    submitter: [F, N],
    reviewer: [F, F],
    admin: [A, A],
    none: [F, F],
  },
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

describe('authorize on one organisation', () => {
  const cases = (Object.keys(organisationMatrix) as OrganisationAction[]).flatMap((action) =>
    roleCases.flatMap((role) =>
      (['own', 'other'] as const).map((org) => ({
        action,
        role,
        org,
        expected: organisationMatrix[action][role][org === 'own' ? 0 : 1],
      })),
    ),
  );

  it.each(cases)(
    'answers $expected to a $role of the $org organisation doing $action',
    ({ action, role, org, expected }) => {
      const principal = aPrincipal(role, org === 'own' ? 'org-partner' : 'org-elsewhere');

      expect(authorize(principal, action, { orgId: 'org-partner' })).toBe(expected);
    },
  );

  it('hides an organisation from a submitter of another one with NotFoundError naming the organisation', () => {
    expect(() =>
      assertAuthorized(aPrincipal('submitter', 'org-elsewhere'), 'organisation:read', {
        orgId: 'org-partner',
      }),
    ).toThrow(new NotFoundError('Organisation not found'));
  });

  it('treats a machine client as the submitter of its organisation', () => {
    const machine: Principal = {
      subject: 'client-1',
      roles: ['submitter'],
      orgId: 'org-partner',
      machineClient: { clientId: 'client-1', scopes: ['tracker/read'] },
    };

    expect(authorize(machine, 'organisation:read', { orgId: 'org-partner' })).toBe('allow');
    expect(authorize(machine, 'clients:manage', { orgId: 'org-partner' })).toBe('forbidden');
    expect(authorize(machine, 'organisation:read', { orgId: 'org-elsewhere' })).toBe('not_found');
  });
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

describe('seesCurrentRecord', () => {
  const expected: Record<RoleCase, readonly [boolean, boolean]> = {
    //            own org  other org
    viewer: [false, false],
    submitter: [true, false],
    reviewer: [true, true],
    admin: [true, true],
    none: [false, false],
  };

  it.each(
    roleCases.flatMap((role) =>
      (['own', 'other'] as const).map((org, i) => [role, org, expected[role][i] as boolean] as const),
    ),
  )('for a %s of the %s organisation is %s, whatever the review state', (role, org, sees) => {
    const principal = aPrincipal(role, org === 'own' ? projectOrg : 'org-elsewhere');
    for (const reviewState of ['accepted', 'submitted', 'withdrawn'] as const) {
      expect(seesCurrentRecord(principal, aProjectFacts(reviewState))).toBe(sees);
    }
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

describe('historyView', () => {
  const full: HistoryView = 'full';
  const redacted: HistoryView = 'redacted';

  /**
   * The history a caller reads, per role, for the project's own organisation and another one (the
   * review state does not change it; whether the caller may read the history at all is
   * `project:read_history` above).
   */
  const expectedViews: Record<RoleCase, readonly [own: HistoryView, other: HistoryView]> = {
    viewer: [full, redacted],
    submitter: [full, redacted],
    reviewer: [full, full],
    admin: [full, full],
    none: [redacted, redacted],
  };

  const cases = roleCases.flatMap((role) =>
    (['own', 'other'] as const).flatMap((org) =>
      (['accepted', ...notAcceptedStates] as ReviewState[]).map((reviewState) => ({
        role,
        org,
        reviewState,
        expected: expectedViews[role][org === 'own' ? 0 : 1],
      })),
    ),
  );

  it.each(cases)(
    'gives a $role of the $org organisation the $expected history of a $reviewState project',
    ({ role, org, reviewState, expected }) => {
      const principal = aPrincipal(role, org === 'own' ? projectOrg : 'org-elsewhere');

      expect(historyView(principal, aProjectFacts(reviewState))).toBe(expected);
    },
  );

  it('gives a reviewer without an organisation the full history', () => {
    expect(historyView({ subject: 'u', roles: ['reviewer'] }, aProjectFacts('accepted'))).toBe(full);
  });

  it('gives a submitter without an organisation the redacted history', () => {
    expect(historyView({ subject: 'u', roles: ['submitter'] }, aProjectFacts('accepted'))).toBe(redacted);
  });
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
