/**
 * The caller, from the JWT claims API Gateway's authorizer checked and passed on. People present
 * ID tokens whose groups and organisation claim say who they are. Machine clients present OAuth 2.0
 * client-credentials access tokens, which name only the client: the tracker looks the client up on
 * every request (its organisation, its scopes, whether it was revoked) and checks the scope the
 * route needs, here and nowhere else (docs/machine-clients.md).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import { type Principal, type Role, roles } from '../domain/policy.ts';
import { parseScopeClaim, type Scope } from '../domain/scopes.ts';
import { routeByKey } from '../routes.ts';

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

type Claims = Record<string, string | number | boolean | string[]>;

/** What the tracker keeps about a machine client that is not revoked. */
export interface MachineClientGrant {
  readonly orgId: string;
  readonly scopes: readonly Scope[];
}

/** Finds a live machine client by its id (the organisations table in AWS and locally). */
export interface MachineClientLookup {
  /** The client's organisation and scopes, or undefined when it is unknown or revoked. */
  grantOf(clientId: string): Promise<MachineClientGrant | undefined>;
}

function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  return (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext.authorizer?.jwt?.claims;
}

/**
 * Whether the claims are a client-credentials access token: Cognito (and the local issuer) issue
 * them with `token_use: access` and the client as both `client_id` and `sub`; a person's access
 * token names the person in `sub`.
 */
export function isMachineToken(claims: Claims | undefined): boolean {
  return (
    claims !== undefined &&
    claims.token_use === 'access' &&
    typeof claims.client_id === 'string' &&
    claims.client_id !== '' &&
    claims.sub === claims.client_id
  );
}

/**
 * Where `authenticate` leaves a machine client's principal: on the request's own event (as middy's
 * middlewares hand values on), under a key no JSON event can carry, so that nothing outlives the
 * request and no caller can forge one.
 */
const machinePrincipalKey = Symbol('jucip.machinePrincipal');

type AuthenticatedEvent = APIGatewayProxyEventV2 & { [machinePrincipalKey]?: Principal };

/**
 * Resolves a machine client's principal for the request and checks the scope its route needs; a
 * person's token needs nothing asynchronous and passes through (`clients` is not even called).
 * The HTTP middleware calls this before every route handler.
 * @throws UnauthenticatedError (401) for an unknown or revoked client
 * @throws ForbiddenError (403) naming the scope the route needs and the token lacks, or when the
 * route is closed to machine clients
 */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  clients: () => Promise<MachineClientLookup>,
): Promise<void> {
  const claims = claimsOf(event);
  if (!isMachineToken(claims)) return;
  const clientId = String(claims?.client_id);
  const grant = await (await clients()).grantOf(clientId);
  if (!grant) throw new UnauthenticatedError('This machine client is unknown or has been revoked');
  // The token's scopes were fixed when it was issued; the client's may have been narrowed since.
  const held = parseScopeClaim(String(claims?.scope ?? '')).filter((scope) => grant.scopes.includes(scope));
  const needed = routeByKey(event.routeKey)?.scope;
  if (needed === undefined) throw new ForbiddenError('Machine clients may not call this route');
  if (!held.includes(needed)) throw new ForbiddenError(`This route needs the scope ${needed}`);
  (event as AuthenticatedEvent)[machinePrincipalKey] = {
    subject: clientId,
    roles: ['submitter'],
    orgId: grant.orgId,
    machineClient: { clientId, scopes: held },
  };
}

/**
 * The principal of a request on a protected route.
 * @throws UnauthenticatedError when the event carries no checked claims (a route wired without the
 * authorizer), or a machine token that `authenticate` did not resolve
 */
export function principalOf(event: APIGatewayProxyEventV2): Principal {
  const machine = (event as AuthenticatedEvent)[machinePrincipalKey];
  if (machine) return machine;
  const claims = claimsOf(event);
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '' || isMachineToken(claims)) {
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
