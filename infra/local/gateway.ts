/**
 * A local stand-in for API Gateway's HTTP API: it matches routes from the shared route table,
 * checks JWTs on protected routes as the JWT authorizer would, builds payload 2.0 events, calls the
 * same handlers the Lambda functions export, and maps their results back the way API Gateway does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { corsAllowHeaders, corsAllowMethods, corsExposeHeaders } from '../../shared/http/cors.ts';
import {
  type FunctionDefinition,
  functions,
  matchRoute,
  type RouteDefinition,
  routeKey,
  routes,
} from '../../shared/routes.ts';
import {
  type ClientAuthenticator,
  claimsAsGatewayPassesThem,
  clientCredentialsToken,
  type IssuerKeys,
  TokenRejectedError,
  TokenVerifier,
} from './issuer.ts';

/** The path of the local issuer's token endpoint (Cognito's is `/oauth2/token` on the user pool domain). */
export const tokenEndpointPath = '/oauth2/token';

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface GatewayOptions {
  readonly keys: IssuerKeys;
  /** Loads a function's handler (the local runtime imports the function's entry module). */
  readonly loadHandler: (definition: FunctionDefinition) => Promise<LambdaHandler>;
  readonly routeTable?: readonly RouteDefinition[];
  readonly functionTable?: Readonly<Record<string, FunctionDefinition>>;
  /** Origins allowed by CORS; none means no CORS headers, as in AWS without a CORS configuration. */
  readonly corsOrigins?: readonly string[];
  /**
   * The machine clients (the local client registry): their credentials for the token endpoint, and
   * their ids for the JWT check, as the authorizer's audience in AWS. Without it there is no token
   * endpoint and only the app client's tokens pass.
   */
  readonly machineClients?: ClientAuthenticator & { has(clientId: string): boolean };
  /** Called for each request, after the response is sent. */
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
}

/** API Gateway's own limit for a request payload. */
const gatewayMaxBodyBytes = 10 * 1024 * 1024;

const textTypes =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded))/;

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  // A function's own `Vary` (Accept-Language) adds to the gateway's CORS `Vary: origin`, as in AWS.
  const gatewayVary = res.getHeader('vary');
  if (gatewayVary && headers.vary) headers = { ...headers, vary: `${gatewayVary}, ${headers.vary}` };
  res.writeHead(status, headers);
  res.end(body);
}

function gatewayMessage(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
) {
  send(res, status, { 'content-type': 'application/json', ...extra }, JSON.stringify({ message }));
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > gatewayMaxBodyBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function singleValueHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const key of new Set(search.keys())) params[key] = search.getAll(key).join(',');
  return Object.keys(params).length > 0 ? params : undefined;
}

export function lambdaContext(definition: FunctionDefinition, requestId: string, deadline: number): Context {
  const fail = () => {
    throw new Error('Deprecated Lambda callback API is not supported');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `jucip-local-${definition.id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:jucip-local-${definition.id}`,
    memoryLimitInMB: String(definition.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/jucip-local-${definition.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
  cookies: string[];
}

/** Maps a handler's return value to a response as API Gateway does for payload format 2.0. */
export function mapLambdaResult(output: unknown): LambdaResult {
  // Lambda hands API Gateway the result serialised as JSON, so undefined values vanish on the way.
  const result: unknown = output === undefined ? null : JSON.parse(JSON.stringify(output));
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, unknown>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const headers = Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const body =
      r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: r.statusCode, headers, body, cookies: r.cookies ?? [] };
  }
  // Anything else is treated as a JSON 200, as API Gateway infers for payload 2.0.
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(text),
    cookies: [],
  };
}

function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !(allowed.includes(origin) || allowed.includes('*'))) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': corsExposeHeaders.join(','),
    vary: 'origin',
  };
}

/** Creates the local gateway server (not yet listening). */
export function createGateway(options: GatewayOptions): Server {
  const routeTable = options.routeTable ?? routes;
  const functionTable: Readonly<Record<string, FunctionDefinition>> = options.functionTable ?? functions;
  const corsOrigins = options.corsOrigins ?? [];
  const tokens = new TokenVerifier(options.keys);
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (definition: FunctionDefinition) => {
    let handler = handlers.get(definition.id);
    if (!handler) {
      handler = options.loadHandler(definition);
      handlers.set(definition.id, handler);
    }
    return handler;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    res.setHeader('apigw-requestid', requestId);
    for (const [name, value] of Object.entries(corsHeaders(origin, corsOrigins))) res.setHeader(name, value);
    res.on('finish', () =>
      options.onRequest?.({ method, path: url.pathname, status: res.statusCode, ms: Date.now() - started }),
    );

    if (
      method === 'OPTIONS' &&
      origin &&
      req.headers['access-control-request-method'] &&
      corsOrigins.length > 0
    ) {
      const allowed = corsHeaders(origin, corsOrigins);
      if (Object.keys(allowed).length === 0) return gatewayMessage(res, 403, 'Forbidden');
      return send(
        res,
        204,
        {
          ...allowed,
          'access-control-allow-methods': corsAllowMethods.join(','),
          'access-control-allow-headers': corsAllowHeaders.join(','),
          'access-control-max-age': '600',
        },
        '',
      );
    }

    const body = await readRequestBody(req);
    if (body === 'too-large') return gatewayMessage(res, 413, 'Request Entity Too Large');

    if (options.machineClients && url.pathname === tokenEndpointPath) {
      if (method !== 'POST') return gatewayMessage(res, 405, 'Method Not Allowed', { allow: 'POST' });
      const token = await clientCredentialsToken(options.keys, options.machineClients, {
        headers: singleValueHeaders(req),
        body: body.toString('utf8'),
      });
      return send(res, token.status, token.headers, token.body);
    }

    const match = matchRoute(method, url.pathname, routeTable);
    const route = match && 'route' in match ? match : undefined;
    const functionId: string = route ? route.route.function : 'fallback';
    const definition = functionTable[functionId];
    if (!definition) return gatewayMessage(res, 404, 'Not Found');

    let claims: Record<string, string> | undefined;
    if (route?.route.auth === 'jwt') {
      const authorization = req.headers.authorization ?? '';
      const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
      const unauthorized = () =>
        gatewayMessage(res, 401, 'Unauthorized', { 'www-authenticate': 'Bearer error="invalid_token"' });
      if (!token) return unauthorized();
      try {
        const clients = options.machineClients;
        claims = claimsAsGatewayPassesThem(
          await tokens.verify(token, (clientId) => clients?.has(clientId) ?? false),
        );
      } catch (error) {
        if (error instanceof TokenRejectedError) return unauthorized();
        throw error;
      }
    }

    const contentType = String(req.headers['content-type'] ?? '');
    const isText = body.length === 0 || textTypes.test(contentType.toLowerCase());
    const key = route ? routeKey(route.route) : '$default';
    const now = new Date();
    const headers = singleValueHeaders(req);
    const cookies = req.headers.cookie?.split(';').map((c) => c.trim());
    const queryStringParameters = queryParameters(url.searchParams);
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: key,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(queryStringParameters ? { queryStringParameters } : {}),
      ...(route && Object.keys(route.pathParameters).length > 0
        ? { pathParameters: route.pathParameters }
        : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: key,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };

    const deadline = Date.now() + definition.timeoutSeconds * 1000;
    let result: unknown;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await handlerFor(definition);
      const timeout = new Promise<'timeout'>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout('timeout'), definition.timeoutSeconds * 1000);
      });
      result = await Promise.race([handler(event, lambdaContext(definition, requestId, deadline)), timeout]);
    } catch (error) {
      console.error(`[gateway] ${definition.id} threw:`, error);
      return gatewayMessage(res, 500, 'Internal Server Error');
    } finally {
      clearTimeout(timer);
    }
    // A Lambda that runs past its timeout is a failed invocation: API Gateway answers 500.
    if (result === 'timeout') return gatewayMessage(res, 500, 'Internal Server Error');
    const mapped = mapLambdaResult(result);
    for (const cookie of mapped.cookies) res.appendHeader('set-cookie', cookie);
    return send(res, mapped.statusCode, mapped.headers, mapped.body);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('[gateway] request failed:', error);
      if (!res.headersSent) gatewayMessage(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
}
