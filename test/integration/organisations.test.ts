import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../infra/local/gateway.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { unique } from '../support/project-bodies.ts';

const registryDir = mkdtempSync(join(tmpdir(), 'jucip-org-registry-'));
let handler: LambdaHandler;
const repository = new DynamoOrganisationRepository(documentClient, tableName('organisations'));

beforeAll(async () => {
  // The function picks the local client registry over Cognito when it is configured, at load time.
  process.env.LOCAL_CLIENT_REGISTRY = join(registryDir, 'clients.json');
  process.env.TOKEN_URL = 'http://127.0.0.1:1/oauth2/token';
  ({ handler } = await import('../../functions/organisations/handler.ts'));
});

afterAll(() => rmSync(registryDir, { recursive: true, force: true }));

const admin = { sub: 'admin-1', 'cognito:groups': '[admin]' };
const reviewer = { sub: 'reviewer-1', 'cognito:groups': '[reviewer]' };
const submitterOf = (orgId: string) => ({
  sub: `s-${orgId}`,
  'cognito:groups': '[submitter]',
  'custom:orgId': orgId,
});

function anOrganisation(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Atlantic Breeze Renewables LLC',
    country: 'US',
    contacts: [{ email: 'reporting@atlantic.example', roles: ['submitter'] }],
    language: 'en',
    ...overrides,
  };
}

async function send(options: EventOptions) {
  return readResult(await handler(httpEvent(options), lambdaContext()));
}

function putOrganisation(orgId: string, body: unknown, claims: Record<string, string>, ifMatch?: string) {
  return send({
    method: 'PUT',
    path: `/organisations/${orgId}`,
    route: '/organisations/{orgId}',
    pathParameters: { orgId },
    headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body: JSON.stringify(body),
    claims,
  });
}

function getOrganisation(orgId: string, claims: Record<string, string>) {
  return send({
    path: `/organisations/${orgId}`,
    route: '/organisations/{orgId}',
    pathParameters: { orgId },
    claims,
  });
}

function clientsRoute(method: string, orgId: string, claims: Record<string, string>, body?: unknown) {
  return send({
    method,
    path: `/organisations/${orgId}/clients`,
    route: '/organisations/{orgId}/clients',
    pathParameters: { orgId },
    claims,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

describe('PUT /organisations/{orgId}', () => {
  it('creates with 201, Location and ETag, and reads back with the same ETag', async () => {
    const orgId = unique('org');

    const created = await putOrganisation(orgId, anOrganisation(), admin);
    const read = await getOrganisation(orgId, submitterOf(orgId));

    expect(created.statusCode).toBe(201);
    expect(created.headers).toMatchObject({ etag: '"1"', location: `/organisations/${orgId}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json).toMatchObject({ orgId, version: 1, language: 'en' });
  });

  it('lets the organisation’s submitter change its language with If-Match, and refuses a stale one with 412', async () => {
    const orgId = unique('org');
    await putOrganisation(orgId, anOrganisation(), admin);

    const updated = await putOrganisation(
      orgId,
      anOrganisation({ language: 'ja' }),
      submitterOf(orgId),
      '"1"',
    );
    const stale = await putOrganisation(orgId, anOrganisation({ language: 'en' }), submitterOf(orgId), '"1"');

    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('"2"');
    expect(stale.statusCode).toBe(412);
    expect((await repository.get(orgId))?.language).toBe('ja');
  });

  it('refuses a second creation of the same organisation (a conditional write)', async () => {
    const orgId = unique('org');
    await repository.put(
      { orgId, ...anOrganisation(), createdAt: 'x', updatedAt: 'x', version: 1 } as never,
      undefined,
    );

    await expect(
      repository.put(
        { orgId, ...anOrganisation(), createdAt: 'y', updatedAt: 'y', version: 1 } as never,
        undefined,
      ),
    ).rejects.toThrow('changed since you read it');
  });

  it('answers 403 naming the field when a submitter renames its organisation, and changes nothing', async () => {
    const orgId = unique('org');
    await putOrganisation(orgId, anOrganisation(), admin);

    const renamed = await putOrganisation(
      orgId,
      anOrganisation({ name: 'Renamed' }),
      submitterOf(orgId),
      '"1"',
    );

    expect(renamed.statusCode).toBe(403);
    expect(renamed.json.detail).toMatch(/Only admins may change name/);
    expect((await repository.get(orgId))?.version).toBe(1);
  });

  it('answers 404 to a submitter of another organisation and 422 naming bad fields', async () => {
    const orgId = unique('org');
    await putOrganisation(orgId, anOrganisation(), admin);

    const other = await getOrganisation(orgId, submitterOf(unique('org')));
    const invalid = await putOrganisation(unique('org'), anOrganisation({ language: 'fr' }), admin);

    expect(other.statusCode).toBe(404);
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json.errors).toEqual([expect.objectContaining({ path: 'language' })]);
  });
});

describe('GET /organisations', () => {
  it('pages through organisations for reviewers; submitters get 403', async () => {
    for (let i = 0; i < 3; i++) await putOrganisation(unique('list'), anOrganisation(), admin);

    const first = await send({ path: '/organisations', query: { limit: '2' }, claims: reviewer });
    const second = await send({
      path: '/organisations',
      query: { limit: '2', cursor: first.json.nextCursor },
      claims: reviewer,
    });
    const refused = await send({ path: '/organisations', claims: submitterOf('anyone') });

    expect(first.statusCode).toBe(200);
    expect(first.json.items).toHaveLength(2);
    expect(second.json.items[0].orgId > first.json.items[1].orgId).toBe(true);
    expect(refused.statusCode).toBe(403);
  });
});

describe('machine clients', () => {
  it('creates a client (secret once), lists it without secret, looks it up, and revokes it at once', async () => {
    const orgId = unique('org');
    await putOrganisation(orgId, anOrganisation(), admin);

    const created = await clientsRoute('POST', orgId, admin, { name: 'ERP', scopes: ['tracker/read'] });
    const { clientId } = created.json;
    const listed = await clientsRoute('GET', orgId, admin);
    const grantBefore = await repository.grantOf(clientId);
    const revoked = await send({
      method: 'DELETE',
      path: `/organisations/${orgId}/clients/${clientId}`,
      route: '/organisations/{orgId}/clients/{clientId}',
      pathParameters: { orgId, clientId },
      claims: admin,
    });

    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('private, no-store');
    expect(created.json).toMatchObject({
      orgId,
      scopes: ['tracker/read'],
      tokenUrl: 'http://127.0.0.1:1/oauth2/token',
    });
    expect(created.json.clientSecret).toEqual(expect.any(String));
    expect(listed.json.items).toEqual([expect.objectContaining({ clientId, name: 'ERP' })]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.clientSecret);
    expect(grantBefore).toEqual({ orgId, scopes: ['tracker/read'] });
    expect(revoked.statusCode).toBe(204);
    expect(await repository.grantOf(clientId)).toBeUndefined();
    expect((await clientsRoute('GET', orgId, admin)).json.items).toEqual([]);
  });

  it('reads every live client of every organisation for the gateway’s audience, and none that is revoked', async () => {
    const [orgA, orgB] = [unique('org'), unique('org')];
    await putOrganisation(orgA, anOrganisation(), admin);
    await putOrganisation(orgB, anOrganisation(), admin);
    const a = (await clientsRoute('POST', orgA, admin, { name: 'A', scopes: ['tracker/read'] })).json
      .clientId;
    const b = (await clientsRoute('POST', orgB, admin, { name: 'B', scopes: ['tracker/read'] })).json
      .clientId;
    const withBoth = await repository.allClientIds();

    await send({
      method: 'DELETE',
      path: `/organisations/${orgA}/clients/${a}`,
      route: '/organisations/{orgId}/clients/{clientId}',
      pathParameters: { orgId: orgA, clientId: a },
      claims: admin,
    });
    const afterRevoking = await repository.allClientIds();

    expect(withBoth).toEqual(expect.arrayContaining([a, b]));
    expect(afterRevoking).toContain(b);
    expect(afterRevoking).not.toContain(a);
    // Organisations are not clients: ids only of lookup items.
    expect(afterRevoking).not.toContain(orgA);
  });

  it('is for admins only, and 404 for an organisation that does not exist', async () => {
    const orgId = unique('org');
    await putOrganisation(orgId, anOrganisation(), admin);

    const bySubmitter = await clientsRoute('POST', orgId, submitterOf(orgId), {
      name: 'x',
      scopes: ['tracker/read'],
    });
    const missing = await clientsRoute('POST', unique('ghost'), admin, {
      name: 'x',
      scopes: ['tracker/read'],
    });

    expect(bySubmitter.statusCode).toBe(403);
    expect(missing.statusCode).toBe(404);
  });
});
