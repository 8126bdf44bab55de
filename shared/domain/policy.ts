/**
 * Who may do what: the one place authorization is decided, as a policy over (principal, action,
 * project).
 *
 * Visibility comes first, so that a project a caller may not see is answered exactly like one that
 * does not exist (404): viewers see accepted projects, submitters accepted ones plus every project
 * of their own organisation, reviewers and admins everything. Only on a project the caller can see
 * does a missing role or ownership answer 403: a submitter acting on another organisation's accepted
 * project gets 403, on its unaccepted one 404. A principal with no role gets 403 for everything
 * (it learns nothing either way, since it gets 403 whether the project exists or not).
 */
import { ForbiddenError, NotFoundError } from './errors.ts';
import type { ReviewState } from './projects/schema.ts';

export const roles = ['viewer', 'submitter', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The authenticated caller: its subject, its roles (from groups; several at once) and its organisation. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The organisation a submitter acts for; reviewers and admins may have none. */
  readonly orgId?: string;
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
  'reference:write',
  'indicators:run',
] as const;
export type GeneralAction = (typeof generalActions)[number];

export type Action = ProjectAction | GeneralAction;

/** `allow`; `forbidden` (403: known caller, not allowed); `not_found` (404: the caller may not know it exists). */
export type Decision = 'allow' | 'forbidden' | 'not_found';

/** What the policy needs to know about a project. */
export interface ProjectAccessFacts {
  readonly orgId: string;
  readonly reviewState: ReviewState;
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
    case 'reference:write':
    case 'indicators:run':
      return has(principal, 'admin');
  }
}

function isProjectAction(action: Action): action is ProjectAction {
  return (projectActions as readonly string[]).includes(action);
}

function decide(principal: Principal, action: Action, project: ProjectAccessFacts | undefined): Decision {
  if (principal.roles.length === 0) return 'forbidden';
  if (!isProjectAction(action)) return mayDo(principal, action) ? 'allow' : 'forbidden';
  if (project === undefined) throw new TypeError(`${action} is decided on a project; none was given`);
  if (!canView(principal, project)) return 'not_found';
  if (action.startsWith('document:') && !mayKnowDocuments(principal, project)) return 'not_found';
  return mayActOnVisible(principal, action, project) ? 'allow' : 'forbidden';
}

/**
 * Decides whether `principal` may perform `action` (on `project`, for actions on one project).
 * An import that updates existing projects also needs `project:edit` on each of them.
 */
export function authorize(principal: Principal, action: GeneralAction): Decision;
export function authorize(principal: Principal, action: ProjectAction, project: ProjectAccessFacts): Decision;
export function authorize(principal: Principal, action: Action, project?: ProjectAccessFacts): Decision {
  return decide(principal, action, project);
}

/**
 * Like `authorize`, but throws instead of answering a refusal.
 * @throws NotFoundError (404) when the caller may not see the project, ForbiddenError (403) otherwise
 */
export function assertAuthorized(principal: Principal, action: GeneralAction): void;
export function assertAuthorized(
  principal: Principal,
  action: ProjectAction,
  project: ProjectAccessFacts,
): void;
export function assertAuthorized(principal: Principal, action: Action, project?: ProjectAccessFacts): void {
  const decision = decide(principal, action, project);
  if (decision === 'not_found') throw new NotFoundError('Project not found');
  if (decision === 'forbidden') throw new ForbiddenError('Your role or organisation does not allow this');
}
