/**
 * Who may do what: the one place authorization is decided, as a policy over (principal, action,
 * project or organisation).
 *
 * Visibility comes first, so that a project a caller may not see is answered exactly like one that
 * does not exist (404): viewers see accepted projects, submitters accepted ones plus every project
 * of their own organisation, reviewers and admins everything. Only on a project the caller can see
 * does a missing role or ownership answer 403: a submitter acting on another organisation's accepted
 * project gets 403, on its unaccepted one 404. A principal with no role gets 403 for everything
 * (it learns nothing either way, since it gets 403 whether the project exists or not).
 *
 * Organisations follow the same order: reviewers and admins see every organisation, submitters and
 * viewers their own only (others 404). Admins create organisations, change their name and country
 * and manage their machine clients; an organisation's own submitters may change its contacts and
 * language (docs/machine-clients.md).
 */
import { ForbiddenError, NotFoundError } from './errors.ts';
import type { ReviewState } from './projects/schema.ts';
import type { Scope } from './scopes.ts';

export const roles = ['viewer', 'submitter', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The authenticated caller: its subject, its roles (from groups; several at once) and its organisation. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The organisation a submitter acts for; reviewers and admins may have none. */
  readonly orgId?: string;
  /**
   * Set for a machine client (OAuth 2.0 client credentials): it acts as a submitter of its
   * organisation, and only on routes whose scope it holds (docs/machine-clients.md).
   */
  readonly machineClient?: { readonly clientId: string; readonly scopes: readonly Scope[] };
}

/** Actions on one project; each needs the project to decide. */
export const projectActions = [
  'project:read',
  'project:edit',
  'project:change_status',
  'project:review',
  'project:read_history',
  'metrics:write',
  'metrics:read',
  'metrics:verify',
  'document:register',
  'document:read',
] as const;
export type ProjectAction = (typeof projectActions)[number];

/** Actions on no particular project. */
export const generalActions = [
  'project:create',
  'project:list',
  'project:import_template',
  'project:import',
  'metrics:import',
  'reference:write',
  'indicators:run',
  'reminders:run',
  'organisation:list',
  'review_queue:list',
  'notifications:read',
] as const;
export type GeneralAction = (typeof generalActions)[number];

/** Actions on one organisation; each needs the organisation's id to decide. */
export const organisationActions = [
  'organisation:read',
  'organisation:create',
  'organisation:edit_profile',
  'organisation:edit_contacts',
  'clients:manage',
] as const;
export type OrganisationAction = (typeof organisationActions)[number];

export type Action = ProjectAction | GeneralAction | OrganisationAction;

/** `allow`; `forbidden` (403: known caller, not allowed); `not_found` (404: the caller may not know it exists). */
export type Decision = 'allow' | 'forbidden' | 'not_found';

/** What the policy needs to know about a project. */
export interface ProjectAccessFacts {
  readonly orgId: string;
  readonly reviewState: ReviewState;
}

/** What the policy needs to know about an organisation (which need not exist yet). */
export interface OrganisationAccessFacts {
  readonly orgId: string;
}

function has(principal: Principal, ...anyOf: readonly Role[]): boolean {
  return principal.roles.some((role) => anyOf.includes(role));
}

function isOwnOrganisation(principal: Principal, project: ProjectAccessFacts): boolean {
  return principal.orgId !== undefined && principal.orgId === project.orgId;
}

/** True when the principal may know that the project exists and read it. */
export function canView(principal: Principal, project: ProjectAccessFacts): boolean {
  if (has(principal, 'reviewer', 'admin')) return true;
  if (has(principal, 'submitter') && isOwnOrganisation(principal, project)) return true;
  return project.reviewState === 'accepted' && principal.roles.length > 0;
}

/**
 * True when the principal reads a project's current record (its owning organisation's submitters,
 * reviewers, admins); everyone else who can see it reads only its accepted version.
 */
export function seesCurrentRecord(principal: Principal, project: ProjectAccessFacts): boolean {
  return (
    has(principal, 'reviewer', 'admin') ||
    (has(principal, 'submitter') && isOwnOrganisation(principal, project))
  );
}

/** What a principal may list: everything, accepted projects plus its organisation's, accepted ones only, or nothing. */
export type ListScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'accepted_and_own_org'; readonly orgId: string }
  | { readonly kind: 'accepted' }
  | { readonly kind: 'none' };

/** The projects a principal may list, for adapters to turn into queries; it agrees with `canView`. */
export function listScope(principal: Principal): ListScope {
  if (has(principal, 'reviewer', 'admin')) return { kind: 'all' };
  if (has(principal, 'submitter') && principal.orgId !== undefined) {
    return { kind: 'accepted_and_own_org', orgId: principal.orgId };
  }
  if (principal.roles.length > 0) return { kind: 'accepted' };
  return { kind: 'none' };
}

/** True when a project falls within a listing scope. */
export function isInListScope(scope: ListScope, project: ProjectAccessFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'accepted_and_own_org':
      return project.reviewState === 'accepted' || project.orgId === scope.orgId;
    case 'accepted':
      return project.reviewState === 'accepted';
    case 'none':
      return false;
  }
}

/**
 * How much of a project's history a caller reads (`docs/visibility.md`): everything for the owning
 * organisation (whatever its role), reviewers and admins; for everyone else (viewers, other
 * organisations' submitters) the redacted view: action, version, time and changed field paths,
 * without who acted, review comments, notes or the changed values.
 */
export type HistoryView = 'full' | 'redacted';

/** The history view of a caller on a project it may read the history of (`project:read_history`). */
export function historyView(principal: Principal, project: ProjectAccessFacts): HistoryView {
  if (principal.roles.length === 0) return 'redacted';
  if (has(principal, 'reviewer', 'admin') || isOwnOrganisation(principal, project)) return 'full';
  return 'redacted';
}

function mayActOnVisible(principal: Principal, action: ProjectAction, project: ProjectAccessFacts): boolean {
  switch (action) {
    case 'project:read':
    case 'project:read_history':
    case 'metrics:read':
      return true;
    case 'project:edit':
    case 'project:change_status':
    case 'metrics:write':
      return (
        has(principal, 'admin') || (has(principal, 'submitter') && isOwnOrganisation(principal, project))
      );
    case 'project:review':
    case 'metrics:verify':
      return has(principal, 'reviewer', 'admin');
    case 'document:register':
      return (
        has(principal, 'admin') || (has(principal, 'submitter') && isOwnOrganisation(principal, project))
      );
    case 'document:read':
      return true;
  }
}

/**
 * Evidence documents are for the owning organisation, reviewers and admins only (see
 * `docs/evidence.md`): anyone else, a viewer of an accepted project included, is told they do not exist.
 */
function mayKnowDocuments(principal: Principal, project: ProjectAccessFacts): boolean {
  return has(principal, 'reviewer', 'admin') || isOwnOrganisation(principal, project);
}

function mayDo(principal: Principal, action: GeneralAction): boolean {
  switch (action) {
    case 'project:list':
    case 'project:import_template':
      return true;
    case 'project:create':
    case 'project:import':
      // A project belongs to the organisation of whoever creates it, so creating needs one.
      return has(principal, 'submitter', 'admin') && principal.orgId !== undefined;
    case 'metrics:import':
      // Each row is then decided as `metrics:write` on its project.
      return has(principal, 'submitter', 'admin');
    case 'reference:write':
    case 'indicators:run':
    case 'reminders:run':
      return has(principal, 'admin');
    case 'organisation:list':
    case 'review_queue:list':
      return has(principal, 'reviewer', 'admin');
    case 'notifications:read':
      // Reviewers and admins read the reviewers' notifications, anyone else its organisation's.
      return has(principal, 'reviewer', 'admin') || principal.orgId !== undefined;
  }
}

/** True when the principal may know that the organisation exists and read it. */
function canViewOrganisation(principal: Principal, organisation: OrganisationAccessFacts): boolean {
  if (has(principal, 'reviewer', 'admin')) return true;
  return has(principal, 'submitter', 'viewer') && principal.orgId === organisation.orgId;
}

function mayActOnOrganisation(
  principal: Principal,
  action: OrganisationAction,
  organisation: OrganisationAccessFacts,
): boolean {
  switch (action) {
    case 'organisation:read':
      return true;
    case 'organisation:edit_contacts':
      return (
        has(principal, 'admin') || (has(principal, 'submitter') && principal.orgId === organisation.orgId)
      );
    case 'organisation:create':
    case 'organisation:edit_profile':
    case 'clients:manage':
      return has(principal, 'admin');
  }
}

function isProjectAction(action: Action): action is ProjectAction {
  return (projectActions as readonly string[]).includes(action);
}

function isOrganisationAction(action: Action): action is OrganisationAction {
  return (organisationActions as readonly string[]).includes(action);
}

function decide(
  principal: Principal,
  action: Action,
  resource: ProjectAccessFacts | OrganisationAccessFacts | undefined,
): Decision {
  if (principal.roles.length === 0) return 'forbidden';
  if (isOrganisationAction(action)) {
    if (resource === undefined)
      throw new TypeError(`${action} is decided on an organisation; none was given`);
    if (!canViewOrganisation(principal, resource)) return 'not_found';
    return mayActOnOrganisation(principal, action, resource) ? 'allow' : 'forbidden';
  }
  if (!isProjectAction(action)) return mayDo(principal, action) ? 'allow' : 'forbidden';
  if (resource === undefined || !('reviewState' in resource)) {
    throw new TypeError(`${action} is decided on a project; none was given`);
  }
  if (!canView(principal, resource)) return 'not_found';
  if (action.startsWith('document:') && !mayKnowDocuments(principal, resource)) return 'not_found';
  return mayActOnVisible(principal, action, resource) ? 'allow' : 'forbidden';
}

/**
 * Decides whether `principal` may perform `action` (on `project`, for actions on one project).
 * An import that updates existing projects also needs `project:edit` on each of them.
 */
export function authorize(principal: Principal, action: GeneralAction): Decision;
export function authorize(principal: Principal, action: ProjectAction, project: ProjectAccessFacts): Decision;
export function authorize(
  principal: Principal,
  action: OrganisationAction,
  organisation: OrganisationAccessFacts,
): Decision;
export function authorize(
  principal: Principal,
  action: Action,
  resource?: ProjectAccessFacts | OrganisationAccessFacts,
): Decision {
  return decide(principal, action, resource);
}

/**
 * Like `authorize`, but throws instead of answering a refusal.
 * @throws NotFoundError (404) when the caller may not see the project or organisation, ForbiddenError (403) otherwise
 */
export function assertAuthorized(principal: Principal, action: GeneralAction): void;
export function assertAuthorized(
  principal: Principal,
  action: ProjectAction,
  project: ProjectAccessFacts,
): void;
export function assertAuthorized(
  principal: Principal,
  action: OrganisationAction,
  organisation: OrganisationAccessFacts,
): void;
export function assertAuthorized(
  principal: Principal,
  action: Action,
  resource?: ProjectAccessFacts | OrganisationAccessFacts,
): void {
  const decision = decide(principal, action, resource);
  if (decision === 'not_found') {
    throw new NotFoundError(isOrganisationAction(action) ? 'Organisation not found' : 'Project not found');
  }
  if (decision === 'forbidden') throw new ForbiddenError('Your role or organisation does not allow this');
}
