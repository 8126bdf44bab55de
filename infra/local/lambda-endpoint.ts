/**
 * A local stand-in for the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`), so
 * that functions which invoke others (the admin route launching the indicator job) make the same
 * signed Invoke call locally as in AWS, with `LAMBDA_ENDPOINT` pointing here. `Event` invocations
 * answer 202 at once and run in the background; `RequestResponse` ones answer the handler's result.
 *
 * Unlike Lambda, this endpoint checks no SigV4 signature, so nothing in an invocation's body is
 * taken as identity: an API Gateway authorizer context in the event is dropped, and replaced only by
 * the claims of a bearer token in the event's headers that the local issuer's key verifies (the
 * checks the gateway makes). It listens on 127.0.0.1 only (docs/operations.md).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FunctionDefinition } from '../../shared/routes.ts';
import { type LambdaHandler, lambdaContext } from './gateway.ts';
import { claimsAsGatewayPassesThem, type IssuerKeys, TokenRejectedError, verifyToken } from './issuer.ts';

/**
 * The event with its identity taken only from a verified token: any `requestContext.authorizer`
 * the caller wrote is removed; a valid `Authorization: Bearer` header in the event's headers puts
 * back the claims API Gateway would pass. A rejected token leaves no identity (the handler says 401).
 */
export async function withVerifiedIdentity(event: unknown, keys: IssuerKeys): Promise<unknown> {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const { requestContext, headers, ...rest } = event as {
    requestContext?: unknown;
    headers?: unknown;
    [field: string]: unknown;
  };
  const context =
    requestContext !== null && typeof requestContext === 'object' && !Array.isArray(requestContext)
      ? { ...(requestContext as Record<string, unknown>) }
      : undefined;
  if (context) delete context.authorizer;
  const authorization =
    headers !== null && typeof headers === 'object'
      ? Object.entries(headers as Record<string, unknown>).find(
          ([name]) => name.toLowerCase() === 'authorization',
        )?.[1]
      : undefined;
  const token = typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization)?.[1] : undefined;
  let claims: Record<string, string> | undefined;
  if (token) {
    try {
      claims = claimsAsGatewayPassesThem(await verifyToken(keys, token));
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
    }
  }
  const verifiedContext =
    claims !== undefined ? { ...context, authorizer: { jwt: { claims, scopes: [] } } } : context;
  return {
    ...rest,
    ...(headers === undefined ? {} : { headers }),
    ...(verifiedContext === undefined ? {} : { requestContext: verifiedContext }),
  };
}

export interface LambdaEndpointOptions {
  /**
   * Functions by the names the local runtime gives them (`jucip-local-<id>`): only those another
   * function invokes, as in AWS only those have an invoker.
   */
  readonly functionsByName: ReadonlyMap<string, FunctionDefinition>;
  /** The local issuer's keys, which verify any token an invocation carries. */
  readonly keys: IssuerKeys;
  readonly loadHandler: (definition: FunctionDefinition) => Promise<LambdaHandler>;
  readonly onError?: (name: string, error: unknown) => void;
}

const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Creates the endpoint's server (not yet listening). */
export function createLambdaEndpoint(options: LambdaEndpointOptions): Server {
  return createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      options.onError?.('(endpoint)', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Type: 'Service', message: 'The local Lambda endpoint failed' }));
      }
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const name = decodeURIComponent(
      invokePath.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1] ?? '',
    );
    const definition = options.functionsByName.get(name.split(':').pop() ?? name);
    if (req.method !== 'POST' || !definition) {
      return reply(
        404,
        { Type: 'User', message: `Function not found: ${name}` },
        { 'x-amzn-errortype': 'ResourceNotFoundException' },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let event: unknown;
    try {
      event = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return reply(
        400,
        { Type: 'User', message: 'Could not parse request body into json' },
        { 'x-amzn-errortype': 'InvalidRequestContentException' },
      );
    }
    event = await withVerifiedIdentity(event, options.keys);
    const requestId = randomUUID();
    const run = async () => {
      const handler = await options.loadHandler(definition);
      const deadline = Date.now() + definition.timeoutSeconds * 1000;
      return handler(event as never, lambdaContext(definition, requestId, deadline));
    };
    if (req.headers['x-amz-invocation-type'] === 'Event') {
      reply(202, undefined, { 'x-amzn-requestid': requestId });
      run().catch((error) => options.onError?.(name, error));
      return;
    }
    try {
      reply(200, (await run()) ?? null, { 'x-amzn-requestid': requestId });
    } catch (error) {
      reply(
        200,
        { errorType: (error as Error).name, errorMessage: (error as Error).message },
        { 'x-amz-function-error': 'Unhandled' },
      );
    }
  }
}
