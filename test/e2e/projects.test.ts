import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

/** A valid POST /projects body; each call builds a fresh one. */
function projectBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Hokkaido offshore wind partnership',
    summary: 'A joint offshore wind project.',
    technology: 'wind_offshore',
    programs: ['jucip'],
    hostCountry: 'JP',
    location: { subdivision: 'JP-01', lat: 43.06, lon: 141.35, accuracy: 'approximate' },
    participants: [
      { name: 'Example Developer KK', country: 'JP', role: 'developer', sharePct: 60 },
      { name: 'Example Wind LLC', country: 'US', role: 'investor', sharePct: 40 },
    ],
    capacity: { value: 400, unit: 'MW' },
    investments: [
      {
        investorCountry: 'US',
        amount: 1_000_000,
        currency: 'USD',
        committedOn: '2024-05-01',
        instrument: 'equity',
      },
      {
        investorCountry: 'JP',
        amount: 151_400_000,
        currency: 'JPY',
        committedOn: '2024-05-01',
        instrument: 'debt',
      },
    ],
    ...overrides,
  };
}

async function createProject(org: string, overrides: Record<string, unknown> = {}) {
  const token = await tokenFor(['submitter'], org);
  const response = await call('POST', '/projects', { token, body: projectBody(overrides) });
  expect(response.status).toBe(201);
  return { token, project: response.json, etag: response.headers.get('etag') as string };
}

async function projectsOf(org: string) {
  const reviewer = await tokenFor(['reviewer']);
  const response = await call('GET', `/projects?orgId=${org}&limit=100`, { token: reviewer });
  expect(response.status).toBe(200);
  return response.json.items as Array<{ id: string; name: string; version: number }>;
}

describe('protected routes over HTTP: the JWT checks of the local runtime', () => {
  it('returns 401 without a token, with a bad one, or with an expired one', async () => {
    expect((await call('GET', '/projects')).status).toBe(401);
    expect((await call('GET', '/projects', { token: 'not.a.jwt' })).status).toBe(401);
    const token = await tokenFor(['viewer']);
    const [header, payload] = token.split('.');
    expect((await call('GET', '/projects', { token: `${header}.${payload}.c2lnbmF0dXJl` })).status).toBe(401);
  });
});

describe('the project lifecycle over HTTP', () => {
  it('creates, reads, edits, changes status, reviews and keeps the history', async () => {
    const org = freshOrg('life');
    const { token, project, etag } = await createProject(org, { statusEffectiveDate: '2024-11-01' });
    expect(etag).toBe('"1"');
    expect(project).toMatchObject({ orgId: org, reviewState: 'submitted', status: 'announced', version: 1 });
    expect(project.investments[1].usdAmount).toBeGreaterThan(0);

    const read = await call('GET', `/projects/${project.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');

    const noIfMatch = await call('PATCH', `/projects/${project.id}`, { token, body: { name: 'Renamed' } });
    expect(noIfMatch.status).toBe(428);
    const stale = await call('PATCH', `/projects/${project.id}`, {
      token,
      body: { name: 'Renamed' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const patched = await call('PATCH', `/projects/${project.id}`, {
      token,
      body: { name: 'Renamed' },
      headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');

    const status = await call('POST', `/projects/${project.id}/status`, {
      token,
      body: { status: 'feasibility', effectiveDate: '2025-01-15' },
      headers: { 'if-match': '"2"' },
    });
    expect(status.status).toBe(200);
    expect(status.json.status).toBe('feasibility');

    const viewer = await tokenFor(['viewer']);
    expect((await call('GET', `/projects/${project.id}`, { token: viewer })).status).toBe(404);

    const reviewer = await tokenFor(['reviewer']);
    const review = await call('POST', `/projects/${project.id}/review`, {
      token: reviewer,
      body: { decision: 'accepted', comment: 'Complete and consistent.' },
      headers: { 'if-match': '"3"' },
    });
    expect(review.status).toBe(200);
    expect((await call('GET', `/projects/${project.id}`, { token: viewer })).status).toBe(200);

    const history = await call('GET', `/projects/${project.id}/history`, { token });
    expect(history.status).toBe(200);
    expect(history.json.items.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'edited',
      'status_changed',
      'reviewed',
    ]);
  });

  it('never lets a viewer or another organisation learn that an unaccepted project exists', async () => {
    const { project } = await createProject(freshOrg('hidden'));
    const viewer = await tokenFor(['viewer']);
    const stranger = await tokenFor(['submitter'], freshOrg('stranger'));
    for (const token of [viewer, stranger]) {
      const response = await call('GET', `/projects/${project.id}`, { token });
      expect(response.status).toBe(404);
      expect(response.json.status).toBe(404);
      expect((await call('GET', `/projects/${project.id}/history`, { token })).status).toBe(404);
      expect((await call('GET', '/projects/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token })).status).toBe(404);
    }
  });

  it('answers 400 for a cursor from another listing', async () => {
    const org = freshOrg('cursor');
    await createProject(org);
    await createProject(org);
    const reviewer = await tokenFor(['reviewer']);
    const first = await call('GET', `/projects?orgId=${org}&limit=1`, { token: reviewer });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const foreign = await call('GET', `/projects?limit=1&cursor=${first.json.nextCursor}`, {
      token: reviewer,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors[0].path).toBe('cursor');
    const tampered = await call('GET', `/projects?orgId=${org}&limit=1&cursor=${first.json.nextCursor}x`, {
      token: reviewer,
    });
    expect(tampered.status).toBe(400);
  });
});

describe('concurrency over HTTP', () => {
  it('lets exactly one of 20 concurrent PATCHes with the same ETag win, and stores the winner', async () => {
    const { token, project } = await createProject(freshOrg('race'));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('PATCH', `/projects/${project.id}`, {
          token,
          body: { name: `Contender ${i}` },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const winner = responses.find((r) => r.status === 200);
    const stored = await call('GET', `/projects/${project.id}`, { token });
    expect(stored.json).toEqual(winner?.json);
    expect(stored.json.version).toBe(2);
  });

  it('creates one project for 20 concurrent POSTs with one Idempotency-Key, and answers them all alike', async () => {
    const org = freshOrg('idem');
    const token = await tokenFor(['submitter'], org);
    const key = `key-${org}`;
    const body = projectBody();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/projects', { token, body, headers: { 'idempotency-key': key } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await projectsOf(org)).toHaveLength(1);

    const different = await call('POST', '/projects', {
      token,
      body: projectBody({ name: 'Another body' }),
      headers: { 'idempotency-key': key },
    });
    expect(different.status).toBe(422);
    expect(await projectsOf(org)).toHaveLength(1);
  });
});

describe('who sees what over HTTP', () => {
  it('redacts the history for a viewer, and lets no cache store any answer to a token', async () => {
    const org = freshOrg('seen');
    const { token, project } = await createProject(org);
    const reviewer = await tokenFor(['reviewer']);
    await call('POST', `/projects/${project.id}/review`, {
      token: reviewer,
      body: { decision: 'accepted', comment: 'Complete and consistent.' },
      headers: { 'if-match': '"1"' },
    });
    const viewer = await tokenFor(['viewer']);

    const owners = await call('GET', `/projects/${project.id}/history`, { token });
    const viewers = await call('GET', `/projects/${project.id}/history`, { token: viewer });
    const missing = await call('GET', '/projects/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token: viewer });

    expect(owners.json.items.at(-1)).toMatchObject({
      action: 'reviewed',
      comment: 'Complete and consistent.',
    });
    expect(viewers.json.items.map((e: { action: string }) => e.action)).toEqual(['created', 'reviewed']);
    expect(viewers.text).not.toMatch(/"by"|Complete and consistent/);
    expect(missing.status).toBe(404);
    for (const response of [owners, viewers, missing])
      expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('lets caches keep public indicators only for callers without a token', async () => {
    const anonymous = await call('GET', '/indicators');
    const withToken = await call('GET', '/indicators', { token: await tokenFor(['viewer']) });

    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=60');
    expect(anonymous.headers.get('vary')).toMatch(/authorization/i);
    expect(withToken.headers.get('cache-control')).toBe('private, no-store');
  });

  it('exports projects as CSV that imports back unchanged', async () => {
    const org = freshOrg('export');
    const { token, project } = await createProject(org, {
      name: '=1+1 offshore wind',
      externalRefs: [{ system: 'other', id: `${org}-1` }],
    });

    const exported = await call('GET', `/projects?orgId=${org}`, { token, headers: { accept: 'text/csv' } });
    const imported = await call('POST', '/projects/import', {
      token,
      rawBody: exported.text,
      headers: { 'content-type': 'text/csv' },
    });
    const after = await call('GET', `/projects/${project.id}`, { token });

    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(exported.text).toContain(`"'=1+1 offshore wind"`);
    expect(imported.json.results).toEqual([{ row: 1, outcome: 'updated', id: project.id }]);
    expect(after.json).toEqual(project);
  });
});
