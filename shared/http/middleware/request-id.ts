/**
 * The request id middleware, registered first: it gives each request its id before anything else
 * runs, so that every log line and every response (errors included) carries it. A caller's own
 * well-formed `x-request-id` is kept; otherwise API Gateway's request id, else a fresh UUID.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { logger } from '../../observability/logger.ts';
import { type HttpMiddleware, type HttpMiddyRequest, headerOf } from './types.ts';

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id a request goes by: the caller's well-formed `x-request-id`, API Gateway's, or a new one. */
export function requestIdOf(event: APIGatewayProxyEventV2): string {
  const given = headerOf(event, 'x-request-id');
  if (given && requestIdPattern.test(given)) return given;
  return event.requestContext?.requestId || randomUUID();
}

/**
 * Puts the request's id on the context (`context.requestId`, which the handler reads) and on the
 * logger's keys before the request, and into the `x-request-id` response header after it.
 */
export function assignRequestId(): HttpMiddleware {
  const stamp = (request: HttpMiddyRequest): void => {
    const id = request.context.requestId;
    if (!request.response || !id) return;
    request.response.headers = { ...request.response.headers, 'x-request-id': id };
  };
  return {
    before: (request) => {
      const id = requestIdOf(request.event);
      request.context.requestId = id;
      logger.appendKeys({ requestId: id, routeKey: request.event.routeKey });
    },
    after: stamp,
    onError: stamp,
  };
}
