/**
 * The caching rule, kept in one middleware so that no route (and no error) can forget it
 * (`docs/visibility.md`): a response to a request that carries a token is per-caller data and may
 * be stored by no cache at all (`Cache-Control: private, no-store`), whatever the route said. A
 * response to an anonymous request keeps the route's own policy; when that lets shared caches keep
 * it (`public`), it also varies on `Authorization`, so that a cache never answers a caller with a
 * token from an anonymous caller's copy (routes such as `/indicators` answer the two differently).
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { HttpResponse } from './response.ts';

/** What every response to a request with a token says. */
export const privateNoStore = 'private, no-store';

/**
 * Whether a request carries a token: an `Authorization` header (checked or not: even a refused
 * token makes the answer per-caller), or claims the authorizer passed on.
 */
export function carriesToken(event: APIGatewayProxyEventV2): boolean {
  const headers = event.headers ?? {};
  if (Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'authorization' && value))
    return true;
  const claims = (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext?.authorizer?.jwt?.claims;
  return typeof claims?.sub === 'string' && claims.sub !== '';
}

/** The value of a header whatever the case of its name, and the names it goes by. */
function headerEntries(headers: Record<string, string>, lowerName: string): [string, string][] {
  return Object.entries(headers).filter(([name]) => name.toLowerCase() === lowerName);
}

function withVary(current: string | undefined, name: string): string {
  const names = (current ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.includes('*') || names.some((n) => n.toLowerCase() === name)) return names.join(', ');
  return [...names, name].join(', ');
}

/** Applies the caching rule to a response, in place. */
function applyCachingRule(event: APIGatewayProxyEventV2, response: HttpResponse): void {
  const headers = response.headers ?? {};
  response.headers = headers;
  const cacheControls = headerEntries(headers, 'cache-control');
  if (carriesToken(event)) {
    for (const [name] of cacheControls) delete headers[name];
    headers['cache-control'] = privateNoStore;
    return;
  }
  const isShared = cacheControls.some(([, value]) => /(^|,)\s*public\s*(,|$)/i.test(value));
  if (!isShared) return;
  const varies = headerEntries(headers, 'vary');
  for (const [name] of varies) delete headers[name];
  headers.vary = withVary(varies.map(([, value]) => value).join(', ') || undefined, 'authorization');
}

/**
 * The middy middleware that applies the caching rule to every response, errors included. It must
 * be registered before the middleware that turns errors into responses, so that its `onError`
 * runs after that one has built the problem response.
 */
export function cacheControl(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context> {
  const apply = (request: middy.Request<APIGatewayProxyEventV2, HttpResponse, Error, Context>): void => {
    if (request.response) applyCachingRule(request.event, request.response);
  };
  return { after: apply, onError: apply };
}
