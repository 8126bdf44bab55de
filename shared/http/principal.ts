/** The caller, from the JWT claims API Gateway's authorizer checked and passed on. */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { UnauthenticatedError } from '../domain/errors.ts';
import { type Principal, type Role, roles } from '../domain/policy.ts';

/** The Cognito custom attribute naming a user's organisation. */
export const orgIdAttribute = 'orgId';
/** The claim that carries the caller's organisation (custom attributes reach tokens as `custom:<name>`). */
export const orgClaim = `custom:${orgIdAttribute}`;
/** The claim that carries the caller's groups. */
export const groupsClaim = 'cognito:groups';

/** Groups as API Gateway passes them: `[a b]` (or a JSON array, or a comma list, to be lenient). */
export function parseGroups(value: string | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('["')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON after all: fall through to the space-separated form
    }
  }
  return trimmed
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The principal of a request on a protected route.
 * @throws UnauthenticatedError when the event carries no checked claims (a route wired without the authorizer)
 */
export function principalOf(event: APIGatewayProxyEventV2): Principal {
  const claims = (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '') {
    throw new UnauthenticatedError('This route needs a valid token');
  }
  const groups = parseGroups(String(claims[groupsClaim] ?? ''));
  const orgId = claims[orgClaim];
  return {
    subject,
    roles: roles.filter((role): role is Role => groups.includes(role)),
    ...(typeof orgId === 'string' && orgId !== '' ? { orgId } : {}),
  };
}
