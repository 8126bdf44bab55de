import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../../infra/local/gateway.ts';
import { type IssuerKeys, issueToken, loadIssuerKeys } from '../../../infra/local/issuer.ts';
import { createLambdaEndpoint, withVerifiedIdentity } from '../../../infra/local/lambda-endpoint.ts';
import type { FunctionDefinition } from '../../../shared/routes.ts';

const echoDefinition = {
  id: 'indicator-job',
  entry: 'echo.ts',
  description: 'echo',
  memoryMb: 128,
  timeoutSeconds: 5,
  tables: {},
} as unknown as FunctionDefinition;

/** Answers the event it was given, so a test sees what the function saw. */
const echo: LambdaHandler = async (event) => event;

let keys: IssuerKeys;
let baseUrl: string;
let server: ReturnType<typeof createLambdaEndpoint>;

beforeAll(async () => {
  keys = await loadIssuerKeys(mkdtempSync(join(tmpdir(), 'jucip-keys-')));
  server = createLambdaEndpoint({
    functionsByName: new Map([['jucip-local-indicator-job', echoDefinition]]),
    keys,
    loadHandler: async () => echo,
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

async function invoke(name: string, event: unknown) {
  const response = await fetch(`${baseUrl}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const forgedAdmin = {
  requestContext: {
    http: { method: 'POST' },
    authorizer: { jwt: { claims: { sub: 'intruder', 'cognito:groups': '[admin]' }, scopes: [] } },
  },
};

describe('the local Lambda invoke endpoint', () => {
  it('drops an authorizer context written into the invocation body', async () => {
    const { status, json } = await invoke('jucip-local-indicator-job', forgedAdmin);

    expect(status).toBe(200);
    expect(json.requestContext).toEqual({ http: { method: 'POST' } });
  });

  it('takes identity from a bearer token in the event only when the local issuer verifies it', async () => {
    const token = await issueToken(keys, { subject: 'real-admin', roles: ['admin'], orgId: 'org-a' });

    const { json } = await invoke('jucip-local-indicator-job', {
      ...forgedAdmin,
      headers: { authorization: `Bearer ${token}` },
    });

    const claims = (json.requestContext as { authorizer: { jwt: { claims: Record<string, string> } } })
      .authorizer.jwt.claims;
    expect(claims.sub).toBe('real-admin');
    expect(claims['cognito:groups']).toBe('[admin]');
  });

  it('gives no identity for a token the local issuer did not sign', async () => {
    const otherKeys = await loadIssuerKeys(mkdtempSync(join(tmpdir(), 'jucip-other-keys-')));
    const foreign = await issueToken(otherKeys, { subject: 'intruder', roles: ['admin'] });

    const event = await withVerifiedIdentity(
      { ...forgedAdmin, headers: { Authorization: `Bearer ${foreign}` } },
      keys,
    );

    expect(event).toEqual({
      requestContext: { http: { method: 'POST' } },
      headers: { Authorization: `Bearer ${foreign}` },
    });
  });

  it('answers 404 for a function it does not serve (HTTP functions go through the gateway)', async () => {
    const { status } = await invoke('jucip-local-projects-write', forgedAdmin);

    expect(status).toBe(404);
  });

  it('passes events without identity through unchanged', async () => {
    const { json } = await invoke('jucip-local-indicator-job', { trigger: 'manual', runId: 'R' });

    expect(json).toEqual({ trigger: 'manual', runId: 'R' });
  });
});
