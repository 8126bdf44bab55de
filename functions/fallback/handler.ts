/**
 * The `$default` route: API Gateway sends here every request no route matches. It answers 405
 * with `Allow` when the path exists under other methods, and 404 otherwise, as problem details.
 */

import { MethodNotAllowedError, RouteNotFoundError } from '../../shared/http/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { matchRoute } from '../../shared/routes.ts';

export const handler = httpHandler({
  $default: async ({ event }) => {
    const match = matchRoute(event.requestContext.http.method, event.rawPath);
    if (match && 'allowed' in match) throw new MethodNotAllowedError(match.allowed);
    throw new RouteNotFoundError();
  },
});
