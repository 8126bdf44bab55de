import { describe, expect, inject, it } from 'vitest';
import { call, freshOrg, tokenFor, unregisteredTokenFor } from '../support/api-client.ts';
import { aProjectBody } from '../support/project-bodies.ts';

interface CreatedClient {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

async function anOrganisation(label: string): Promise<string> {
  const orgId = freshOrg(label);
  const admin = await tokenFor(['admin']);
  const created = await call('PUT', `/organisations/${orgId}`, {
    token: admin,
    body: { name: `${label} Corp`, country: 'US', contacts: [], language: 'en' },
  });
  expect(created.status).toBe(201);
  return orgId;
}

async function aClient(orgId: string, scopes: string[]): Promise<CreatedClient> {
  const created = await call('POST', `/organisations/${orgId}/clients`, {
    token: await tokenFor(['admin']),
    body: { name: 'Partner ERP', scopes },
  });
  expect(created.status).toBe(201);
  return created.json;
}

/** `curl -u id:secret -d grant_type=client_credentials <tokenUrl>`. */
async function clientToken(client: CreatedClient, extra = ''): Promise<Response> {
  return fetch(client.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials${extra}`,
  });
}

async function accessToken(client: CreatedClient): Promise<string> {
  const response = await clientToken(client);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('machine clients over HTTP', () => {
  it('serves the token endpoint of the runtime it belongs to', async () => {
    const client = await aClient(await anOrganisation('token-url'), ['tracker/read']);

    expect(client.tokenUrl).toBe(`${inject('baseUrl')}/oauth2/token`);
  });

  it('lets a client an admin created get a token and create a project of its organisation', async () => {
    const orgId = await anOrganisation('writer');
    const client = await aClient(orgId, ['tracker/projects.write', 'tracker/read']);
    const token = await accessToken(client);

    const created = await call('POST', '/projects', { token, body: aProjectBody() });
    const read = await call('GET', `/projects/${created.json.id}`, { token });

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ orgId, createdBy: client.clientId });
    expect(read.status).toBe(200);
  });

  it('answers 403 naming the scope a client without tracker/projects.write lacks', async () => {
    const client = await aClient(await anOrganisation('reader'), ['tracker/read']);

    const refused = await call('POST', '/projects', {
      token: await accessToken(client),
      body: aProjectBody(),
    });

    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.detail).toContain('tracker/projects.write');
  });

  it('answers 403 when the client narrowed its token to fewer scopes than it holds', async () => {
    const client = await aClient(await anOrganisation('narrow'), ['tracker/projects.write', 'tracker/read']);
    const response = await clientToken(client, '&scope=tracker%2Fread');
    const { access_token: token } = (await response.json()) as { access_token: string };

    const refused = await call('POST', '/projects', { token, body: aProjectBody() });

    expect(refused.status).toBe(403);
  });

  it('answers 404 to a client of organisation A reading organisation B’s project', async () => {
    const orgB = await anOrganisation('org-b');
    const ownerB = await tokenFor(['submitter'], orgB);
    const projectB = await call('POST', '/projects', { token: ownerB, body: aProjectBody() });
    const clientA = await aClient(await anOrganisation('org-a'), ['tracker/read', 'tracker/projects.write']);

    const read = await call('GET', `/projects/${projectB.json.id}`, { token: await accessToken(clientA) });
    const organisation = await call('GET', `/organisations/${orgB}`, { token: await accessToken(clientA) });

    expect(projectB.status).toBe(201);
    expect(read.status).toBe(404);
    expect(organisation.status).toBe(404);
  });

  it('refuses a revoked client’s token with 401 at once, and its credentials at the token endpoint', async () => {
    const orgId = await anOrganisation('revoked');
    const client = await aClient(orgId, ['tracker/read']);
    const token = await accessToken(client);
    expect((await call('GET', '/projects', { token })).status).toBe(200);

    const revoked = await call('DELETE', `/organisations/${orgId}/clients/${client.clientId}`, {
      token: await tokenFor(['admin']),
    });

    expect(revoked.status).toBe(204);
    expect((await call('GET', '/projects', { token })).status).toBe(401);
    expect((await clientToken(client)).status).toBe(401);
  });

  it('keeps machine clients off routes that name no scope (admin routes)', async () => {
    const orgId = await anOrganisation('no-admin');
    const client = await aClient(orgId, ['tracker/read', 'tracker/projects.write', 'tracker/metrics.write']);

    const refused = await call('POST', `/organisations/${orgId}/clients`, {
      token: await accessToken(client),
      body: { name: 'x', scopes: ['tracker/read'] },
    });

    expect(refused.status).toBe(403);
  });

  it('refuses a project for an organisation that is not registered, with a problem saying how to register it', async () => {
    const token = await unregisteredTokenFor(['submitter'], freshOrg('ghost'));

    const refused = await call('POST', '/projects', { token, body: aProjectBody() });

    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/not registered.*PUT \/organisations\//);
  });
});
