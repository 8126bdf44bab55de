/**
 * Request bodies and callers for the project routes. Every call returns new objects with fresh
 * identifiers (external references, organisations), so tests sharing a database never collide.
 */
import { randomUUID } from 'node:crypto';
import type { ProjectCreateInput } from '../../shared/domain/projects/schema.ts';
import { aProjectInput } from '../unit/domain/factories.ts';

/** A name no other test uses, e.g. for an organisation or an external reference id. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A valid `POST /projects` body carrying one fresh external reference. */
export function aProjectBody(overrides: Partial<ProjectCreateInput> = {}): ProjectCreateInput {
  return aProjectInput({ externalRefs: [{ system: 'gem', id: unique('GEM') }], ...overrides });
}

/** Claims of a submitter acting for `orgId`, in the shape API Gateway passes them. */
export function submitterClaims(orgId = 'org-a', sub = 'u1'): Record<string, string> {
  return { sub, 'cognito:groups': '[submitter]', 'custom:orgId': orgId };
}

/** Claims of a reviewer (no organisation). */
export function reviewerClaims(sub = 'r1'): Record<string, string> {
  return { sub, 'cognito:groups': '[reviewer]' };
}

/** Claims of a viewer. */
export function viewerClaims(sub = 'v1'): Record<string, string> {
  return { sub, 'cognito:groups': '[viewer]' };
}

/** Today's date (UTC), `YYYY-MM-DD`: the server's "today" when the tests run against the real clock. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
