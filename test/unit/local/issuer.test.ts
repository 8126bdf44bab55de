import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clientCredentialsToken,
  type IssuerKeys,
  issueToken,
  loadIssuerKeys,
  TokenRejectedError,
  TokenVerifier,
  verifyToken,
} from '../../../infra/local/issuer.ts';
import { LocalClientRegistry } from '../../../shared/adapters/local/client-registry.ts';

let dir: string;
let keys: IssuerKeys;
let registry: LocalClientRegistry;
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jucip-issuer-'));
  keys = await loadIssuerKeys(join(dir, 'keys'));
  registry = new LocalClientRegistry(join(dir, 'clients.json'), () => 'http://127.0.0.1:1/oauth2/token');
  client = await registry.register('org-a ERP', ['tracker/projects.write', 'tracker/read']);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const form = 'application/x-www-form-urlencoded';

function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

function aTokenRequest(body: string, authorization = basic(client.clientId, client.clientSecret)) {
  return clientCredentialsToken(keys, registry, {
    headers: { 'content-type': form, authorization },
    body,
  });
}

describe('the local token endpoint (client credentials)', () => {
  it('issues a 15-minute RS256 access token shaped like Cognito’s, with every scope of the client', async () => {
    const response = await aTokenRequest('grant_type=client_credentials');
    const body = JSON.parse(response.body);

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      token_use: 'access',
      scope: 'tracker/projects.write tracker/read',
    });
    expect(claims.aud).toBeUndefined();
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(900);
  });

  it('narrows the token to the scopes asked for', async () => {
    const response = await aTokenRequest('grant_type=client_credentials&scope=tracker%2Fread');

    expect(decodeJwt(JSON.parse(response.body).access_token).scope).toBe('tracker/read');
  });

  it.each([
    ['a scope the client does not hold', 'tracker/metrics.write'],
    ['a scope that does not exist', 'tracker/admin'],
    ['an empty scope', ''],
  ])('refuses %s with invalid_scope', async (_, scope) => {
    const response = await aTokenRequest(`grant_type=client_credentials&scope=${encodeURIComponent(scope)}`);

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toBe('invalid_scope');
  });

  it.each([
    ['a wrong secret', () => basic(client.clientId, 'not-the-secret')],
    ['an unknown client', () => basic('nobody', client.clientSecret)],
    ['no Basic credentials', () => ''],
    ['a Bearer header instead', () => 'Bearer abc'],
  ])('refuses %s with 401 invalid_client and a Basic challenge', async (_, authorization) => {
    const response = await aTokenRequest('grant_type=client_credentials', authorization());

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic /);
    expect(JSON.parse(response.body).error).toBe('invalid_client');
  });

  it('refuses another grant with unsupported_grant_type', async () => {
    const response = await aTokenRequest('grant_type=password&username=a&password=b');

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toBe('unsupported_grant_type');
  });

  it('refuses a request without grant_type, or not form-encoded, with invalid_request', async () => {
    const missing = await aTokenRequest('scope=tracker%2Fread');
    const asJson = await clientCredentialsToken(keys, registry, {
      headers: {
        'content-type': 'application/json',
        authorization: basic(client.clientId, client.clientSecret),
      },
      body: '{"grant_type":"client_credentials"}',
    });

    expect(JSON.parse(missing.body).error).toBe('invalid_request');
    expect(asJson.status).toBe(400);
    expect(JSON.parse(asJson.body).error).toBe('invalid_request');
  });

  it('keeps only a scrypt hash of the secret in the registry', () => {
    const stored = readFileSync(join(dir, 'clients.json'), 'utf8');

    expect(stored).not.toContain(client.clientSecret);
    expect(stored).toMatch(/"secretHash": "scrypt\$16384\$8\$1\$/);
  });

  it('stops authenticating a client once it is deregistered', async () => {
    const other = await registry.register('org-a other', ['tracker/read']);
    await registry.deregister(other.clientId);

    const response = await aTokenRequest(
      'grant_type=client_credentials',
      basic(other.clientId, other.clientSecret),
    );

    expect(response.status).toBe(401);
    expect(registry.has(other.clientId)).toBe(false);
  });
});

describe('verifyToken with machine clients', () => {
  it('accepts a machine client’s access token only while its client id is in the audience', async () => {
    const response = await aTokenRequest('grant_type=client_credentials');
    const token = JSON.parse(response.body).access_token as string;

    await expect(verifyToken(keys, token, (id) => id === client.clientId)).resolves.toMatchObject({
      client_id: client.clientId,
    });
    await expect(verifyToken(keys, token, () => false)).rejects.toThrow(TokenRejectedError);
  });
});

describe('TokenVerifier (the gateway remembers the tokens it verified)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a token it verified before once the token has expired', async () => {
    const verifier = new TokenVerifier(keys);
    const token = await issueToken(keys, { roles: ['viewer'], expiresInSeconds: 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ 'cognito:groups': ['viewer'] });

    vi.useFakeTimers({ now: Date.now() + 61_000 });

    await expect(verifier.verify(token)).rejects.toThrow('"exp" claim timestamp check failed');
  });

  it('refuses a machine client’s token it verified before once the client is removed', async () => {
    const verifier = new TokenVerifier(keys);
    const response = await aTokenRequest('grant_type=client_credentials');
    const token = JSON.parse(response.body).access_token as string;
    let registered = true;

    await expect(verifier.verify(token, () => registered)).resolves.toMatchObject({
      client_id: client.clientId,
    });
    registered = false;

    await expect(verifier.verify(token, () => registered)).rejects.toThrow(TokenRejectedError);
  });

  it('checks the signature of every token it has not seen, however close to one it has', async () => {
    const verifier = new TokenVerifier(keys, 2);
    const tokens = await Promise.all(
      ['viewer', 'submitter', 'reviewer'].map((role) => issueToken(keys, { roles: [role as 'viewer'] })),
    );
    for (const token of tokens) await verifier.verify(token);
    const [header, payload, signature = ''] = (tokens[0] ?? '').split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;

    await expect(verifier.verify(forged)).rejects.toThrow(TokenRejectedError);
    await expect(verifier.verify(forged)).rejects.toThrow(TokenRejectedError);
    // The first token was forgotten (capacity 2) and is verified afresh.
    await expect(verifier.verify(tokens[0] ?? '')).resolves.toMatchObject({ 'cognito:groups': ['viewer'] });
  });
});
