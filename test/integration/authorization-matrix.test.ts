/**
 * The authorization matrix over the real handlers and DynamoDB Local: every project route × every
 * role × own/other organisation × accepted/unaccepted project, each expectation written out below
 * from the API contract (not derived from the policy code); which history each caller reads; and
 * that every answer to a token, refusals included, is `private, no-store`.
 */
import { describe, expect, it } from 'vitest';
import { handler as importHandler } from '../../functions/projects-import/handler.ts';
import { handler as readHandler } from '../../functions/projects-read/handler.ts';
import { handler as writeHandler } from '../../functions/projects-write/handler.ts';
import { httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { registerOrganisationOf } from '../support/registered-organisations.ts';

type Caller = 'viewer' | 'submitter_own' | 'submitter_other' | 'reviewer' | 'admin';
type ProjectState = 'accepted' | 'submitted';

function claimsOf(caller: Caller, ownOrg: string): Record<string, string> {
  switch (caller) {
    case 'viewer':
      return { sub: 'viewer-1', 'cognito:groups': '[viewer]' };
    case 'submitter_own':
      return { sub: 'owner-1', 'cognito:groups': '[submitter]', 'custom:orgId': ownOrg };
    case 'submitter_other':
      return { sub: 'other-1', 'cognito:groups': '[submitter]', 'custom:orgId': unique('other-org') };
    case 'reviewer':
      return { sub: 'reviewer-1', 'cognito:groups': '[reviewer]' };
    case 'admin':
      return { sub: 'admin-1', 'cognito:groups': '[admin]', 'custom:orgId': 'operators' };
  }
}

const callers: Caller[] = ['viewer', 'submitter_own', 'submitter_other', 'reviewer', 'admin'];

/**
 * Expected status per route on a project, as [on an accepted project, on a submitted one].
 * Reviewing needs a `submitted` project, so a reviewer or admin reviewing an accepted one passes the
 * policy and is then refused by the review workflow (422).
 */
const onProject: Record<string, Record<Caller, readonly [number, number]>> = {
  'GET /projects/{id}': {
    viewer: [200, 404],
    submitter_own: [200, 200],
    submitter_other: [200, 404],
    reviewer: [200, 200],
    admin: [200, 200],
  },
  'GET /projects/{id}/history': {
    viewer: [200, 404],
    submitter_own: [200, 200],
    submitter_other: [200, 404],
    reviewer: [200, 200],
    admin: [200, 200],
  },
  'PATCH /projects/{id}': {
    viewer: [403, 404],
    submitter_own: [200, 200],
    submitter_other: [403, 404],
    reviewer: [403, 403],
    admin: [200, 200],
  },
  'POST /projects/{id}/status': {
    viewer: [403, 404],
    submitter_own: [200, 200],
    submitter_other: [403, 404],
    reviewer: [403, 403],
    admin: [200, 200],
  },
  'POST /projects/{id}/review': {
    viewer: [403, 404],
    submitter_own: [403, 403],
    submitter_other: [403, 404],
    reviewer: [422, 200],
    admin: [422, 200],
  },
};

/** Expected status per route on no particular project. */
const general: Record<string, Record<Caller, number>> = {
  'GET /projects': { viewer: 200, submitter_own: 200, submitter_other: 200, reviewer: 200, admin: 200 },
  'GET /projects/import/template': {
    viewer: 200,
    submitter_own: 200,
    submitter_other: 200,
    reviewer: 200,
    admin: 200,
  },
  'POST /projects': { viewer: 403, submitter_own: 201, submitter_other: 201, reviewer: 403, admin: 201 },
  'POST /projects/import': {
    viewer: 403,
    submitter_own: 200,
    submitter_other: 200,
    reviewer: 403,
    admin: 200,
  },
};

const reviewer = { sub: 'setup-reviewer', 'cognito:groups': '[reviewer]' };

/** Calls a route on no particular project. */
async function send(route: string, claims: Record<string, string>, body?: unknown) {
  const [method = 'GET', path = '/'] = route.split(' ');
  const isWrite = method !== 'GET';
  // Projects belong to registered organisations; the matrix is about roles, so every caller's is.
  await registerOrganisationOf(claims);
  const event = httpEvent({
    method,
    path,
    claims,
    ...(isWrite ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const handler = path === '/projects/import' ? importHandler : isWrite ? writeHandler : readHandler;
  return readResult(await handler(event, lambdaContext()));
}

async function projectIn(state: ProjectState, ownOrg: string): Promise<{ id: string; version: number }> {
  const owner = claimsOf('submitter_own', ownOrg);
  const created = await send('POST /projects', owner, aProjectBody({ statusEffectiveDate: '2024-01-01' }));
  expect(created.statusCode).toBe(201);
  if (state === 'submitted') return { id: created.json.id, version: 1 };
  const event = httpEvent({
    method: 'POST',
    path: `/projects/${created.json.id}/review`,
    route: '/projects/{id}/review',
    pathParameters: { id: created.json.id },
    claims: reviewer,
    headers: { 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ decision: 'accepted', comment: 'ok' }),
  });
  expect(readResult(await writeHandler(event, lambdaContext())).statusCode).toBe(200);
  return { id: created.json.id, version: 2 };
}

function bodyFor(route: string): unknown {
  if (route.endsWith('/status')) return { status: 'feasibility', effectiveDate: '2024-06-01' };
  if (route.endsWith('/review'))
    return { decision: 'changes_requested', comment: 'Please add the capacity.' };
  if (route.startsWith('PATCH')) return { summary: 'Updated summary.' };
  return undefined;
}

describe('authorization matrix: routes on one project', () => {
  const cases = Object.entries(onProject).flatMap(([route, byCaller]) =>
    callers.flatMap((caller) =>
      (['accepted', 'submitted'] as const).map(
        (state, i) => [route, caller, state, byCaller[caller][i]] as const,
      ),
    ),
  );

  it.each(cases)('%s as %s on a %s project → %i', async (route, caller, state, expected) => {
    const ownOrg = unique('own-org');
    const project = await projectIn(state, ownOrg);
    const claims = claimsOf(caller, ownOrg);
    const [method = 'GET', template = '/'] = route.split(' ');
    const event = httpEvent({
      method,
      path: template.replace('{id}', project.id),
      route: template,
      claims,
      pathParameters: { id: project.id },
      ...(method === 'GET'
        ? {}
        : {
            headers: { 'content-type': 'application/json', 'if-match': `"${project.version}"` },
            body: JSON.stringify(bodyFor(route)),
          }),
    });
    const handler = method === 'GET' ? readHandler : writeHandler;
    const result = readResult(await handler(event, lambdaContext()));
    expect(result.statusCode).toBe(expected);
    expect(result.headers['cache-control']).toBe('private, no-store');
  });
});

/** What each caller reads of a project's history: whole entries, redacted ones, or nothing (404). */
const historyViews: Record<Caller, readonly [accepted: 'whole' | 'redacted', submitted: 'whole' | 404]> = {
  viewer: ['redacted', 404],
  submitter_own: ['whole', 'whole'],
  submitter_other: ['redacted', 404],
  reviewer: ['whole', 'whole'],
  admin: ['whole', 'whole'],
};

describe('authorization matrix: what each caller reads of the history', () => {
  const cases = callers.flatMap((caller) =>
    (['accepted', 'submitted'] as const).map((state, i) => [caller, state, historyViews[caller][i]] as const),
  );

  it.each(cases)('GET /projects/{id}/history as %s on a %s project → %s', async (caller, state, expected) => {
    const ownOrg = unique('own-org');
    const project = await projectIn(state, ownOrg);
    const event = httpEvent({
      path: `/projects/${project.id}/history`,
      route: '/projects/{id}/history',
      claims: claimsOf(caller, ownOrg),
      pathParameters: { id: project.id },
    });

    const result = readResult(await readHandler(event, lambdaContext()));

    if (expected === 404) {
      expect(result.statusCode).toBe(404);
      return;
    }
    const items = result.json.items as Array<Record<string, unknown>>;
    expect(items.length).toBe(project.version);
    const whole = items.every((entry) => typeof entry.by === 'string');
    const redacted = items.every(
      (entry) =>
        !('by' in entry) &&
        !('comment' in entry) &&
        (entry.changes as Array<Record<string, unknown>>).every(
          (change) => Object.keys(change).join() === 'path',
        ),
    );
    expect(expected === 'whole' ? whole : redacted).toBe(true);
  });
});

describe('authorization matrix: routes on no particular project', () => {
  const cases = Object.entries(general).flatMap(([route, byCaller]) =>
    callers.map((caller) => [route, caller, byCaller[caller]] as const),
  );

  it.each(cases)('%s as %s → %i', async (route, caller, expected) => {
    const claims = claimsOf(caller, unique('own-org'));
    const body =
      route === 'POST /projects/import'
        ? [aProjectBody()]
        : route === 'POST /projects'
          ? aProjectBody()
          : undefined;
    const result = await send(route, claims, body);
    expect(result.statusCode).toBe(expected);
    expect(result.headers['cache-control']).toBe('private, no-store');
  });
});
