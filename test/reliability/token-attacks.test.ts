/**
 * Token attacks against the real local runtime (its gateway's JWT checks and the handlers' policy):
 * each forged, stale or misdirected token is tried on every kind of write and must get the right
 * 401, 403 or 404, and a full dump of the five tables must be unchanged afterwards. The gateway's
 * checks in isolation are unit-tested in test/unit/local/gateway.test.ts; this proves them end to end.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { exportSPKI, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type IssuerKeys,
  issueToken,
  loadIssuerKeys,
  localAudience,
  localIssuer,
} from '../../infra/local/issuer.ts';
import { tokenFor } from '../support/api-client.ts';
import { aFactorBody, aFactorId, aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { Tally } from './support/collector.ts';
import { dumpTables, expectUnchanged } from './support/database.ts';
import { expectProblem, type RawRequest, send } from './support/http.ts';

const tally = new Tally('token attacks');
afterAll(() => tally.flush());

let keys: IssuerKeys;
let ownOrg = '';
let pendingProject = '';
let acceptedProject = '';
const period = monthsAgo(3);

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with everything right except what `tweak` changes; admin rights unless told otherwise. */
async function forged(
  tweak: (jwt: SignJWT) => SignJWT = (jwt) => jwt,
  claims: Record<string, unknown> = { 'cognito:groups': ['admin'], 'custom:orgId': 'operators' },
  key: Parameters<SignJWT['sign']>[0] = keys.privateKey,
  alg = 'RS256',
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid: keys.keyId, typ: 'JWT' })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setSubject('attacker')
    .setIssuedAt()
    .setExpirationTime('1h');
  return tweak(jwt).sign(key);
}

/** Every kind of write, each a valid request apart from its token. */
function writes(token: string | undefined): Array<{ name: string; request: RawRequest }> {
  const headers = (type = 'application/json', extra: Record<string, string> = {}) => ({
    ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    'content-type': type,
    ...extra,
  });
  return [
    {
      name: 'POST /projects',
      request: {
        method: 'POST',
        path: '/projects',
        headers: headers(),
        body: JSON.stringify(aProjectBody()),
      },
    },
    {
      name: 'POST /projects/import',
      request: {
        method: 'POST',
        path: '/projects/import',
        headers: headers(),
        body: JSON.stringify([aProjectBody()]),
      },
    },
    {
      name: 'PATCH own-org pending project',
      request: {
        method: 'PATCH',
        path: `/projects/${pendingProject}`,
        headers: headers('application/merge-patch+json', { 'if-match': '"1"' }),
        body: JSON.stringify({ name: 'Hijacked' }),
      },
    },
    {
      name: 'POST status',
      request: {
        method: 'POST',
        path: `/projects/${pendingProject}/status`,
        headers: headers('application/json', { 'if-match': '"1"' }),
        body: JSON.stringify({ status: 'cancelled', effectiveDate: '2024-01-01' }),
      },
    },
    {
      name: 'POST review',
      request: {
        method: 'POST',
        path: `/projects/${pendingProject}/review`,
        headers: headers('application/json', { 'if-match': '"1"' }),
        body: JSON.stringify({ decision: 'accepted', comment: 'ok' }),
      },
    },
    {
      name: 'PUT metrics',
      request: {
        method: 'PUT',
        path: `/projects/${acceptedProject}/metrics/${period}`,
        headers: headers(),
        body: JSON.stringify(aReportBody()),
      },
    },
    {
      name: 'PUT emission factor',
      request: {
        method: 'PUT',
        path: `/emission-factors/${aFactorId()}`,
        headers: headers(),
        body: JSON.stringify(aFactorBody()),
      },
    },
    {
      name: 'PUT fx rate',
      request: {
        method: 'PUT',
        path: '/fx-rates/EUR/2019',
        headers: headers(),
        body: JSON.stringify({ usdPerUnit: 1.1, source: { title: 'x' } }),
      },
    },
    {
      name: 'POST /indicators/runs',
      request: { method: 'POST', path: '/indicators/runs', headers: headers() },
    },
  ];
}

beforeAll(async () => {
  keys = await loadIssuerKeys(join(inject('localStateDir'), 'issuer'));
  ownOrg = unique('rel-tok');
  const owner = await tokenFor(['submitter'], ownOrg);
  const reviewer = await tokenFor(['reviewer']);
  const create = async () => {
    const response = await send({
      method: 'POST',
      path: '/projects',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify(aProjectBody()),
    });
    expect(response.status).toBe(201);
    return response.json.id as string;
  };
  pendingProject = await create();
  acceptedProject = await create();
  const review = await send({
    method: 'POST',
    path: `/projects/${acceptedProject}/review`,
    headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ decision: 'accepted', comment: 'Fine.' }),
  });
  expect(review.status).toBe(200);
});

async function attack(token: string | undefined, expected: (write: string) => number | readonly number[]) {
  const before = await dumpTables();
  for (const { name, request } of writes(token)) {
    const response = await send(request);
    tally.add('requestsTried');
    const wanted = expected(name);
    const allowed = typeof wanted === 'number' ? [wanted] : wanted;
    expect(allowed, `${name}: ${response.status} ${response.text.slice(0, 200)}`).toContain(response.status);
    if (response.status === 401) {
      // As API Gateway's JWT authorizer answers: no detail about why.
      expect(response.json).toEqual({ message: 'Unauthorized' });
    } else {
      expectProblem(response, name);
    }
  }
  expectUnchanged(before, await dumpTables(), 'after a token attack');
  tally.add('databaseDumpsCompared');
  tally.add('faultsInjected');
}

describe('token attacks on every write route', () => {
  it('no token at all: 401', async () => {
    await attack(undefined, () => 401);
  });

  it('alg none: 401', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: localIssuer, aud: localAudience, sub: 'attacker', 'cognito:groups': ['admin'], 'custom:orgId': 'operators', exp: now() + 3600 })}.`;
    await attack(token, () => 401);
  });

  it('HS256 signed with the public key as the secret: 401', async () => {
    const secret = new TextEncoder().encode(await exportSPKI(keys.publicKey));
    await attack(await forged(undefined, undefined, secret, 'HS256'), () => 401);
  });

  it('signed by another key under the same key id: 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
    await attack(await forged(undefined, undefined, other), () => 401);
  });

  it('expired: 401', async () => {
    await attack(
      await forged((jwt) => jwt.setIssuedAt(now() - 7200).setExpirationTime(now() - 60)),
      () => 401,
    );
  });

  it('not yet valid: 401', async () => {
    await attack(await forged((jwt) => jwt.setNotBefore(now() + 3600)), () => 401);
  });

  it('wrong issuer: 401', async () => {
    await attack(await forged((jwt) => jwt.setIssuer('https://cognito-idp.example/evil')), () => 401);
  });

  it('wrong audience: 401', async () => {
    await attack(await forged((jwt) => jwt.setAudience('another-app-client')), () => 401);
  });

  it('a tampered payload (a submitter who made himself admin): 401', async () => {
    const token = await tokenFor(['submitter'], ownOrg);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = `${header}.${b64({ ...claims, 'cognito:groups': ['admin'] })}.${signature}`;
    await attack(tampered, () => 401);
  });

  it('a valid token with no group: 403 everywhere', async () => {
    await attack(await forged(undefined, { 'custom:orgId': ownOrg }), () => [403, 404]);
  });

  it('a viewer: 403 (or 404 for what a viewer cannot see)', async () => {
    await attack(await issueToken(keys, { roles: ['viewer'] }), (write) =>
      // A viewer does not see a pending project: 404 rather than revealing it exists.
      write.includes('pending') || write === 'POST status' || write === 'POST review' ? [403, 404] : 403,
    );
  });

  it("another organisation's submitter on this organisation's projects: 404 unseen, 403 seen", async () => {
    const intruder = await tokenFor(['submitter'], unique('rel-intruder'));
    const before = await dumpTables();
    const cases: Array<readonly [RawRequest, number]> = [
      [
        {
          method: 'PATCH',
          path: `/projects/${pendingProject}`,
          headers: {
            authorization: `Bearer ${intruder}`,
            'content-type': 'application/merge-patch+json',
            'if-match': '"1"',
          },
          body: JSON.stringify({ name: 'Hijacked' }),
        },
        404,
      ],
      [
        {
          method: 'POST',
          path: `/projects/${pendingProject}/status`,
          headers: {
            authorization: `Bearer ${intruder}`,
            'content-type': 'application/json',
            'if-match': '"1"',
          },
          body: JSON.stringify({ status: 'cancelled', effectiveDate: '2024-01-01' }),
        },
        404,
      ],
      [
        {
          method: 'PUT',
          path: `/projects/${pendingProject}/metrics/${period}`,
          headers: { authorization: `Bearer ${intruder}`, 'content-type': 'application/json' },
          body: JSON.stringify(aReportBody()),
        },
        404,
      ],
      [
        {
          method: 'PATCH',
          path: `/projects/${acceptedProject}`,
          headers: {
            authorization: `Bearer ${intruder}`,
            'content-type': 'application/merge-patch+json',
            'if-match': '"2"',
          },
          body: JSON.stringify({ name: 'Hijacked' }),
        },
        403,
      ],
      [
        {
          method: 'POST',
          path: `/projects/${acceptedProject}/status`,
          headers: {
            authorization: `Bearer ${intruder}`,
            'content-type': 'application/json',
            'if-match': '"2"',
          },
          body: JSON.stringify({ status: 'cancelled', effectiveDate: '2024-01-01' }),
        },
        403,
      ],
      [
        {
          method: 'PUT',
          path: `/projects/${acceptedProject}/metrics/${period}`,
          headers: { authorization: `Bearer ${intruder}`, 'content-type': 'application/json' },
          body: JSON.stringify(aReportBody()),
        },
        403,
      ],
      [
        {
          method: 'POST',
          path: `/projects/${acceptedProject}/review`,
          headers: {
            authorization: `Bearer ${intruder}`,
            'content-type': 'application/json',
            'if-match': '"2"',
          },
          body: JSON.stringify({ decision: 'rejected', comment: 'Mine now.' }),
        },
        403,
      ],
      // An import row matched by external reference must not update another organisation's project.
      [
        {
          method: 'GET',
          path: `/projects/${pendingProject}`,
          headers: { authorization: `Bearer ${intruder}` },
        },
        404,
      ],
    ];
    for (const [request, status] of cases) {
      const response = await send(request);
      tally.add('requestsTried');
      expect(response.status, `${request.method} ${request.path}: ${response.text.slice(0, 200)}`).toBe(
        status,
      );
      expectProblem(response, request.path);
    }
    expectUnchanged(before, await dumpTables(), "after another organisation's attempts");
    tally.add('databaseDumpsCompared');
    tally.add('faultsInjected');
  });

  it('an import by another organisation that names this project’s external reference does not touch it', async () => {
    const owner = await tokenFor(['submitter'], ownOrg);
    const stored = await send({
      method: 'GET',
      path: `/projects/${acceptedProject}`,
      headers: { authorization: `Bearer ${owner}` },
    });
    const intruder = await tokenFor(['submitter'], unique('rel-intruder'));
    const before = await dumpTables();
    const row = { ...aProjectBody(), name: 'Hijacked by import', externalRefs: stored.json.externalRefs };
    const response = await send({
      method: 'POST',
      path: '/projects/import',
      headers: { authorization: `Bearer ${intruder}`, 'content-type': 'application/json' },
      body: JSON.stringify([row]),
    });
    tally.add('requestsTried');
    expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
    if (response.status === 200) {
      const rows = response.json.results ?? response.json.rows ?? response.json.items;
      expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['rejected']);
    }
    expectUnchanged(before, await dumpTables(), 'after a foreign import');
    tally.add('databaseDumpsCompared');
    tally.add('faultsInjected');
  });
});
