/**
 * The one middleware stack every HTTP function uses, and the dispatch from API Gateway's route
 * key to the route's handler. Order matters: request id and logging wrap everything, the body is
 * checked and parsed before the handler, errors become problem details in the middleware
 * registered last (which middy runs first on error), and the caching rule applies to whatever
 * response results, errors included.
 */
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { documentClient } from '../adapters/dynamodb/document-client.ts';
import { toDependencyError } from '../adapters/dynamodb/errors.ts';
import { DynamoOrganisationRepository } from '../adapters/dynamodb/organisations-table.ts';
import { tableName } from '../config/env.ts';
import { MalformedInputError } from '../domain/errors.ts';
import type { Language } from '../i18n/languages.ts';
import { withMessageLanguage } from '../i18n/message-language.ts';
import { preferredLanguage } from '../i18n/negotiate.ts';
import { logger } from '../observability/logger.ts';
import { withSourceMappedStack } from '../observability/source-maps.ts';
import { maxBodyBytesOf } from '../routes.ts';
import { cacheControl } from './cache-control.ts';
import { PayloadTooLargeError, RouteNotFoundError, UnsupportedMediaTypeError } from './errors.ts';
import { authenticate, type MachineClientLookup } from './principal.ts';
import { problemKindOf, problemResponse } from './problem.ts';
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

type Bindings = Readonly<Record<string, RouteHandler | RouteBinding>>;

interface ParsedBody {
  readonly body: unknown;
  readonly rawBody: string;
  readonly contentType: string;
}

type Middleware = middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResponse, Error, Context>;

/** The request id given to each event, so the handler and every middleware use the same one. */
const requestIds = new WeakMap<APIGatewayProxyEventV2, string>();

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name];
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
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
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

/** The language the caller prefers for messages (`Accept-Language`; English by default). */
function messageLanguageOf(event: APIGatewayProxyEventV2): Language {
  return preferredLanguage(header(event, 'accept-language'));
}

function requestIdOf(event: APIGatewayProxyEventV2): string {
  const given = header(event, 'x-request-id');
  if (given && requestIdPattern.test(given)) return given;
  return event.requestContext?.requestId || randomUUID();
}

/** Assigns the request id first, so that every log line and every response carries it. */
const requestIdMiddleware = (): Middleware => {
  const stamp = (request: middy.Request<APIGatewayProxyEventV2, HttpResponse>): void => {
    const requestId = requestIds.get(request.event);
    if (!request.response || !requestId) return;
    request.response.headers = { ...request.response.headers, 'x-request-id': requestId };
  };
  return {
    before: (request) => {
      const requestId = requestIdOf(request.event);
      requestIds.set(request.event, requestId);
      logger.appendKeys({ requestId, routeKey: request.event.routeKey });
    },
    after: stamp,
    onError: stamp,
  };
};

/** What an HTTP function may override, for tests. */
export interface HttpHandlerOptions {
  /** Where machine clients are looked up (default: the organisations table, opened on first use). */
  readonly machineClients?: MachineClientLookup;
}

let defaultMachineClients: MachineClientLookup | undefined;

/**
 * The organisations table, opened on the first machine-client request only, so that functions that
 * never see one (the public ones) need no table name in their environment. Imported statically: a
 * dynamic `import()` inside one bundle makes esbuild keep every export of the modules it reaches
 * (the whole DynamoDB client with all its commands), which costs every function's cold start.
 */
function machineClientsFromEnvironment(): MachineClientLookup {
  defaultMachineClients ??= new DynamoOrganisationRepository(documentClient, tableName('organisations'));
  return defaultMachineClients;
}

/**
 * Resolves a machine client's token to its organisation and checks the route's scope, before any
 * route handler runs (`shared/http/principal.ts`); people's tokens pass straight through.
 */
const authenticationMiddleware = (options: HttpHandlerOptions): Middleware => ({
  before: async (request) => {
    await authenticate(request.event, async () => options.machineClients ?? machineClientsFromEnvironment());
  },
});

/** Maps every error to a problem document; logs the unexpected ones in full, the rest briefly. */
const problemMiddleware = (): Middleware => ({
  onError: (request) => {
    const error = toDependencyError(request.error);
    const kind = problemKindOf(error);
    if (!kind.known)
      logger.error('Unhandled error', { error: withSourceMappedStack(request.error as Error) });
    else if (kind.status >= 500) logger.warn('Dependency unavailable', { error: request.error as Error });
    else logger.info('Request refused', { status: kind.status, detail: (error as Error).message });
    request.response = problemResponse(error, request.event.rawPath ?? '/', messageLanguageOf(request.event));
  },
});

/** middy's defaults, less an empty `Reporting-Endpoints` header (the option exists but is missing from its types). */
const securityHeaderOptions = { reportingEndpoints: false } as Parameters<typeof httpSecurityHeaders>[0];

/**
 * Lets a route's own headers win over the security middleware's defaults. Routes write lower-case
 * names and the security middleware capitalised ones; for HTML it adds a `Content-Security-Policy`
 * that allows no script at all, which a page with its own, stricter-than-needed policy must replace.
 * Registered before the security middleware, so that its `after` runs after that one's.
 */
const routeHeadersWin = (): Middleware => {
  const dropShadowed = (request: middy.Request<APIGatewayProxyEventV2, HttpResponse>): void => {
    const headers = request.response?.headers;
    if (!headers) return;
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (name !== lower && lower in headers) delete headers[name];
    }
  };
  return { after: dropShadowed, onError: dropShadowed };
};

/**
 * Builds the Lambda handler of an HTTP function from its routes, keyed by API Gateway route key
 * (`GET /projects/{id}`).
 */
export function httpHandler(bindings: Bindings, options: HttpHandlerOptions = {}) {
  const resolved = new Map<string, RouteBinding>(
    Object.entries(bindings).map(([key, value]) => [
      key,
      typeof value === 'function' ? { handler: value } : value,
    ]),
  );

  const dispatch = async (event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> => {
    const binding = resolved.get(event.routeKey);
    if (!binding) throw new RouteNotFoundError();
    const requestId = requestIds.get(event) ?? requestIdOf(event);
    // zod writes its messages while the handler parses, in the language the caller asked for.
    return withMessageLanguage(messageLanguageOf(event), () =>
      binding.handler({ event, context, requestId, ...readBody(event, binding) }),
    );
  };

  return middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(requestIdMiddleware())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(cacheControl())
    .use(routeHeadersWin())
    .use(httpSecurityHeaders(securityHeaderOptions))
    .use(problemMiddleware())
    .use(authenticationMiddleware(options))
    .handler(dispatch);
}
