/** What the HTTP middlewares share: middy's types bound to API Gateway's payload 2.0 events. */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { HttpResponse } from '../response.ts';

/**
 * The Lambda context as the HTTP stack passes it on: the request id middleware adds the request's
 * id to it (middy's way for a middleware to hand a value to the handler), so that the handler and
 * every middleware use the same one.
 */
export interface HttpContext extends Context {
  requestId?: string;
}

/** A middleware of the HTTP stack. */
export type HttpMiddleware = middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>;

/** The request a middleware of the HTTP stack sees. */
export type HttpMiddyRequest = middy.Request<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>;

/** A header of the event, by its lower-case name (API Gateway lower-cases them in payload 2.0). */
export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name];
}
