/** Who reads a public route: the public, or a caller whose optional bearer token checks out. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TokenVerifier } from '../adapters/auth/token-verifier.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { IndicatorAudience } from '../domain/indicators/disclosure.ts';

/**
 * The audience of a request on a public route. No `Authorization` header: the public. A bearer
 * token: verified (`token-verifier.ts`); a valid one makes the caller `authenticated`, whatever
 * their role. Without a configured verifier a token cannot be checked, so the caller is the public.
 * @throws UnauthenticatedError when a token is given but is not valid (the API answers 401, as on
 * protected routes, rather than silently serving less)
 */
export async function audienceOf(
  event: APIGatewayProxyEventV2,
  verifier: TokenVerifier | undefined,
): Promise<IndicatorAudience> {
  const authorization = event.headers?.authorization;
  if (authorization === undefined || authorization === '') return 'public';
  const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
  if (!token) throw new UnauthenticatedError('The Authorization header must be a bearer token');
  if (!verifier) return 'public';
  await verifier.verify(token);
  return 'authenticated';
}
