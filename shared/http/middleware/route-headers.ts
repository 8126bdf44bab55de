/**
 * Lets a route's own headers win over the security middleware's defaults. Routes write lower-case
 * names and the security middleware capitalised ones; for HTML it adds a `Content-Security-Policy`
 * that allows no script at all, which a page with its own, stricter-than-needed policy must replace.
 * Registered before the security middleware, so that its `after` runs after that one's.
 */
import type { HttpMiddleware, HttpMiddyRequest } from './types.ts';

/** Drops each capitalised header that a lower-case one of the same name (the route's) shadows. */
export function routeHeadersWin(): HttpMiddleware {
  const dropShadowed = (request: HttpMiddyRequest): void => {
    const headers = request.response?.headers;
    if (!headers) return;
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (name !== lower && lower in headers) delete headers[name];
    }
  };
  return { after: dropShadowed, onError: dropShadowed };
}
