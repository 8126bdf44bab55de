import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { exportSPKI, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type LambdaHandler } from '../../../infra/local/gateway.ts';
import {
  type IssuerKeys,
  issueToken,
  loadIssuerKeys,
  localAudience,
  localIssuer,
} from '../../../infra/local/issuer.ts';
import type { FunctionDefinition, RouteDefinition } from '../../../shared/routes.ts';

const fn = (id: string): FunctionDefinition =>
  ({
    id,
    entry: `${id}.ts`,
    description: id,
    memoryMb: 128,
    timeoutSeconds: 1,
    tables: {},
  }) as unknown as FunctionDefinition;

const routeTable = [
  { method: 'GET', path: '/secure/{id}', auth: 'jwt', function: 'echo' },
  { method: 'POST', path: '/open', auth: 'public', function: 'echo' },
  { method: 'GET', path: '/boom', auth: 'public', function: 'boom' },
  { method: 'GET', path: '/plain', auth: 'public', function: 'plain' },
  { method: 'GET', path: '/slow', auth: 'public', function: 'slow' },
] as unknown as RouteDefinition[];

const handlers: Record<string, LambdaHandler> = {
  echo: async (event) => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  }),
  boom: async () => {
    throw new Error('handler exploded');
  },
  plain: async () => ({ hello: 'world' }),
  slow: () => new Promise(() => {}),
  fallback: async (event) => ({ statusCode: 404, body: JSON.stringify({ routeKey: event.routeKey }) }),
};

let keys: IssuerKeys;
let baseUrl: string;
let server: ReturnType<typeof createGateway>;

beforeAll(async () => {
  keys = await loadIssuerKeys(mkdtempSync(join(tmpdir(), 'jucip-keys-')));
  server = createGateway({
    keys,
    routeTable,
    functionTable: Object.fromEntries(Object.keys(handlers).map((id) => [id, fn(id)])),
    loadHandler: async (definition) => handlers[definition.id] as LambdaHandler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function getSecure(token?: string) {
  return fetch(`${baseUrl}/secure/p-1?b=2&a=1&a=3`, {
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      cookie: 'x=1; y=2',
      'X-Custom': 'Yes',
    },
  });
}

async function signWith(
  alg: string,
  key: Parameters<SignJWT['sign']>[0],
  claims: Record<string, unknown> = {},
) {
  return new SignJWT({ 'cognito:groups': ['admin'], ...claims })
    .setProtectedHeader({ alg, kid: keys.keyId })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setSubject('attacker')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

describe('local gateway: JWT checks on protected routes', () => {
  it('returns 401 without a token, as API Gateway does', async () => {
    const response = await getSecure();
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('returns 401 for a token that is not a JWT', async () => {
    expect((await getSecure('not-a-token')).status).toBe(401);
  });

  it('returns 401 for an expired token', async () => {
    const token = await issueToken(keys, { roles: ['admin'], expiresInSeconds: 300 });
    const expired = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(keys.privateKey);
    expect((await getSecure(token)).status).toBe(200);
    expect((await getSecure(expired)).status).toBe(401);
  });

  it('returns 401 for a token that is not yet valid', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setNotBefore(Math.floor(Date.now() / 1000) + 3600)
      .setExpirationTime('2h')
      .sign(keys.privateKey);
    expect((await getSecure(token)).status).toBe(401);
  });

  it('returns 401 for a token signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
    expect((await getSecure(await signWith('RS256', other))).status).toBe(401);
  });

  it('returns 401 for alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: localIssuer,
        aud: localAudience,
        exp: Math.floor(Date.now() / 1000) + 600,
        'cognito:groups': ['admin'],
      }),
    ).toString('base64url');
    expect((await getSecure(`${header}.${payload}.`)).status).toBe(401);
  });

  it('returns 401 for HS256 signed with the public key', async () => {
    const publicPem = new TextEncoder().encode(await exportSPKI(keys.publicKey));
    expect((await getSecure(await signWith('HS256', publicPem))).status).toBe(401);
  });

  it('returns 401 for a tampered payload', async () => {
    const token = await issueToken(keys, { roles: ['viewer'] });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        iss: localIssuer,
        aud: localAudience,
        exp: Math.floor(Date.now() / 1000) + 600,
        'cognito:groups': ['admin'],
      }),
    ).toString('base64url');
    expect((await getSecure(`${header}.${payload}.${signature}`)).status).toBe(401);
  });

  it('returns 401 for the wrong issuer or audience', async () => {
    const wrongIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer('https://evil.example')
      .setAudience(localAudience)
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    const wrongAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer(localIssuer)
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    expect((await getSecure(wrongIssuer)).status).toBe(401);
    expect((await getSecure(wrongAudience)).status).toBe(401);
  });

  it('accepts an access-token-style client_id in place of aud', async () => {
    const token = await new SignJWT({ client_id: localAudience, token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer(localIssuer)
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    expect((await getSecure(token)).status).toBe(200);
  });

  it('passes claims to the handler the way API Gateway does: strings, lists as "[a b]"', async () => {
    const token = await issueToken(keys, {
      roles: ['submitter', 'viewer'],
      orgId: 'org-a',
      subject: 'alice',
    });
    const event = (await (await getSecure(token)).json()) as APIGatewayProxyEventV2WithJWTAuthorizer;
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims['cognito:groups']).toBe('[submitter viewer]');
    expect(claims['custom:orgId']).toBe('org-a');
    expect(claims.sub).toBe('alice');
    expect(typeof claims.exp).toBe('string');
  });
});

describe('local gateway: payload 2.0 events', () => {
  it('builds the event API Gateway would', async () => {
    const token = await issueToken(keys, { roles: ['viewer'] });
    const event = (await (await getSecure(token)).json()) as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /secure/{id}',
      rawPath: '/secure/p-1',
      rawQueryString: 'b=2&a=1&a=3',
      cookies: ['x=1', 'y=2'],
      queryStringParameters: { a: '1,3', b: '2' },
      pathParameters: { id: 'p-1' },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/secure/p-1' },
        routeKey: 'GET /secure/{id}',
        stage: '$default',
      },
    });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers.cookie).toBeUndefined();
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    const text = (await (
      await fetch(`${baseUrl}/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      })
    ).json()) as { body: string; isBase64Encoded: boolean };
    expect(text).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const binary = (await (
      await fetch(`${baseUrl}/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array([0, 255, 1]),
      })
    ).json()) as { body: string; isBase64Encoded: boolean };
    expect(binary).toMatchObject({
      body: Buffer.from([0, 255, 1]).toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('sends unmatched requests to the fallback function with route key $default', async () => {
    const response = await fetch(`${baseUrl}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ routeKey: '$default' });
  });
});

describe('local gateway: mapping results', () => {
  it('answers 500 {"message":"Internal Server Error"} when a handler throws', async () => {
    const response = await fetch(`${baseUrl}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('treats a result without statusCode as a JSON 200', async () => {
    const response = await fetch(`${baseUrl}/plain`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('answers 500 {"message":"Internal Server Error"} when the function runs past its timeout', async () => {
    const response = await fetch(`${baseUrl}/slow`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('local gateway: CORS and a function’s own Vary', () => {
  it('keeps both Vary: origin and the function’s Vary: Accept-Language', async () => {
    const corsServer = createGateway({
      keys,
      routeTable: [
        { method: 'GET', path: '/page', auth: 'public', function: 'page' },
      ] as unknown as RouteDefinition[],
      functionTable: { page: fn('page') },
      corsOrigins: ['https://partner.example'],
      loadHandler: async () => async () => ({
        statusCode: 200,
        headers: { 'content-type': 'text/html', vary: 'Accept-Language' },
        body: '<!doctype html>',
      }),
    });
    await new Promise<void>((resolve) => corsServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (corsServer.address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/page`, {
        headers: { origin: 'https://partner.example' },
      });
      expect(response.headers.get('vary')).toBe('origin, Accept-Language');
    } finally {
      corsServer.closeAllConnections();
      await new Promise((resolve) => corsServer.close(resolve));
    }
  });
});
