/**
 * The one middleware stack every HTTP function uses, and the dispatch from API Gateway's route
 * key to the route's handler. Order matters: request id and logging wrap everything, the body is
 * checked and parsed before the handler, errors become problem details in the middleware
 * registered last (which middy runs first on error), and the caching rule applies to whatever
 * response results, errors included.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MalformedInputError } from '../domain/errors.ts';
import { withMessageLanguage } from '../i18n/message-language.ts';
import { logger } from '../observability/logger.ts';
import { maxBodyBytesOf, type RouteKey, routeByKey } from '../routes.ts';
import { cacheControl } from './cache-control.ts';
import { PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError } from './errors.ts';
import { authentication, type MachineClients } from './middleware/authentication.ts';
import { messageLanguageOf, problemDetails } from './middleware/problem-details.ts';
import { assignRequestId, requestIdOf } from './middleware/request-id.ts';
import { routeHeadersWin } from './middleware/route-headers.ts';
import { type HttpContext, headerOf } from './middleware/types.ts';
import type { HttpResponse } from './response.ts';

/**
 * Bodies above this size are refused before parsing (the API contract's limit); a route may declare
 * its own (`maxBodyBytes` on its definition in `shared/routes.ts`).
 */
export const maxBodyBytes = 256 * 1024;

/** What a route handler receives: the raw event plus what the middleware already worked out. */
export interface RouteRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly context: Context;
  readonly requestId: string;
  /** The parsed JSON body (`undefined` when the route reads none). */
  readonly body: unknown;
  /** The body as text, for routes that read CSV. */
  readonly rawBody: string;
  /** The body's media type without parameters, lower-cased (`''` when absent). */
  readonly contentType: string;
}

export type RouteHandler = (request: RouteRequest) => Promise<HttpResponse>;

/** How a route reads its body: not at all, JSON only, or JSON and other listed types as text. */
export interface RouteBinding {
  readonly handler: RouteHandler;
  /** Media types the body may have; `application/json` ones are parsed. */
  readonly bodyTypes?: readonly string[];
}

/**
 * A function's routes and their handlers, keyed by API Gateway route key: a key of the route table
 * (`RouteKey`, so that a typo fails the typecheck) or `$default` (the fallback).
 */
export type Bindings<Key extends string = RouteKey | '$default'> = {
  readonly [K in Key]?: RouteHandler | RouteBinding;
};

interface ParsedBody {
  readonly body: unknown;
  readonly rawBody: string;
  readonly contentType: string;
}

function isJsonType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

function decodeBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** Reads, limits and parses the body according to the route's binding. */
function readBody(event: APIGatewayProxyEventV2, binding: RouteBinding): ParsedBody {
  const bytes = decodeBody(event);
  const limitBytes = maxBodyBytesOf(event.routeKey, maxBodyBytes);
  if (bytes.length > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const contentType = (headerOf(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!binding.bodyTypes) return { body: undefined, rawBody: '', contentType };
  if (!binding.bodyTypes.includes(contentType)) throw new UnsupportedMediaTypeError(binding.bodyTypes);
  const rawBody = bytes.toString('utf8');
  if (!isJsonType(contentType)) return { body: undefined, rawBody, contentType };
  if (rawBody.trim() === '') throw new MalformedInputError('The request body is empty; send a JSON document');
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new MalformedInputError('The request body is not valid JSON');
  }
  if (nestingDepth(body) > maxNestingDepth) {
    throw new MalformedInputError(`The request body is nested more than ${maxNestingDepth} levels deep`);
  }
  return { body, rawBody, contentType };
}

/** No request the API accepts nests deeper than this; deeper ones are refused before anything walks them recursively. */
const maxNestingDepth = 32;

/** How deeply a parsed JSON value nests (iteratively, so a hostile body cannot overflow the stack). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxNestingDepth) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** What an HTTP function wires in besides its routes. */
export interface HttpHandlerOptions {
  /**
   * Where machine clients are looked up (`machineClientsFromEnvironment` in
   * `shared/http/machine-clients.ts`, or a lookup of a test's own): required when a bound route is
   * protected, and opened on the first machine-client request when it is a function.
   */
  readonly machineClients?: MachineClients;
}

/** middy's defaults, less an empty `Reporting-Endpoints` header (the option exists but is missing from its types). */
const securityHeaderOptions = { reportingEndpoints: false } as Parameters<typeof httpSecurityHeaders>[0];

/**
 * Builds the Lambda handler of an HTTP function from its routes, keyed by API Gateway route key
 * (`GET /projects/{id}`). The keys are checked against the route table; tests that bind made-up
 * routes name their own key type (`httpHandler<string>(…)`).
 */
export function httpHandler<Key extends string = RouteKey | '$default'>(
  bindings: Bindings<NoInfer<Key>>,
  options: HttpHandlerOptions = {},
) {
  const resolved = new Map<string, RouteBinding>(
    Object.entries<RouteHandler | RouteBinding | undefined>(bindings).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, typeof value === 'function' ? { handler: value } : value]],
    ),
  );
  const protectedKey = [...resolved.keys()].find((key) => routeByKey(key)?.auth === 'jwt');
  if (protectedKey !== undefined && options.machineClients === undefined) {
    throw new TypeError(`${protectedKey} is a protected route: give httpHandler a machineClients lookup`);
  }

  const dispatch = async (event: APIGatewayProxyEventV2, context: HttpContext): Promise<HttpResponse> => {
    const binding = resolved.get(event.routeKey);
    if (!binding) throw new RouteNotFoundError();
    const requestId = context.requestId ?? requestIdOf(event);
    // zod writes its messages while the handler parses, in the language the caller asked for.
    return withMessageLanguage(messageLanguageOf(event), () =>
      binding.handler({ event, context, requestId, ...readBody(event, binding) }),
    );
  };

  return middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(assignRequestId())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(cacheControl())
    .use(routeHeadersWin())
    .use(httpSecurityHeaders(securityHeaderOptions))
    .use(problemDetails())
    .use(authentication(options.machineClients))
    .handler(dispatch);
}
