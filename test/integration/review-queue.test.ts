/**
 * `GET /review-queue` on DynamoDB Local (docs/review-queue.md): what waits for a decision, oldest
 * first, from the sparse queue indexes that the project and report writes keep. The tables are
 * shared with the other test files, so each test reads the queue of its own fresh organisation, and
 * follows the cursors to the end: older items of other files (thousands, from the bounded-reads
 * test) come first, and a filtered page is cut short rather than read on (docs/review-queue.md).
 */
import { describe, expect, it } from 'vitest';
import { handler as metricsImportHandler } from '../../functions/metrics-import/handler.ts';
import { handler as metricsWriteHandler } from '../../functions/metrics-write/handler.ts';
import { handler as projectsReadHandler } from '../../functions/projects-read/handler.ts';
import { handler as projectsWriteHandler } from '../../functions/projects-write/handler.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { adminClaims, aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import {
  aProjectBody,
  reviewerClaims,
  submitterClaims,
  unique,
  viewerClaims,
} from '../support/project-bodies.ts';
import { registerOrganisationOf } from '../support/registered-organisations.ts';

const json = { 'content-type': 'application/json' };
type Claims = Record<string, string>;
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => unknown;

async function call(handler: Handler, options: EventOptions) {
  return readResult(await handler(httpEvent(options), lambdaContext()));
}

function queue(claims: Claims, query: Record<string, string> = {}) {
  return call(projectsReadHandler, { path: '/review-queue', query, claims });
}

/** The whole filtered queue, page after page (100 at a time), as one answer. */
async function queueAll(claims: Claims, query: Record<string, string> = {}) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await queue(claims, { limit: '100', ...query, ...(cursor ? { cursor } : {}) });
    if (page.statusCode !== 200) return page;
    items.push(...page.json.items);
    cursor = page.json.nextCursor ?? undefined;
    if (!cursor) return { statusCode: 200, json: { items, nextCursor: null } };
  }
  throw new Error('The queue did not end within 10,000 pages');
}

const locations = {
  JP: { subdivision: 'JP-01', lat: 43.2, lon: 141.0, accuracy: 'approximate' },
  US: { subdivision: 'US-CA', lat: 35.0, lon: -117.5, accuracy: 'approximate' },
} as const;

async function createProject(submitter: Claims, hostCountry: keyof typeof locations = 'US') {
  await registerOrganisationOf(submitter);
  const created = await call(projectsWriteHandler, {
    method: 'POST',
    path: '/projects',
    headers: json,
    body: JSON.stringify(
      aProjectBody({
        hostCountry,
        location: locations[hostCountry],
        status: 'construction',
        statusEffectiveDate: `${monthsAgo(18)}-15`,
      }),
    ),
    claims: submitter,
  });
  expect(created.statusCode).toBe(201);
  return created.json.id as string;
}

function review(id: string, decision: string, ifMatch: string) {
  return call(projectsWriteHandler, {
    method: 'POST',
    path: `/projects/${id}/review`,
    route: '/projects/{id}/review',
    pathParameters: { id },
    headers: { ...json, 'if-match': ifMatch },
    body: JSON.stringify({ decision, comment: 'Reviewed in the queue test' }),
    claims: reviewerClaims(),
  });
}

function putReport(id: string, period: string, claims: Claims, ifMatch?: string, generationMwh = 1_200) {
  return call(metricsWriteHandler, {
    method: 'PUT',
    path: `/projects/${id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id, period },
    headers: { ...json, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
    body: JSON.stringify(aReportBody({ generationMwh })),
    claims,
  });
}

function verify(id: string, period: string, ifMatch: string) {
  return call(metricsWriteHandler, {
    method: 'POST',
    path: `/projects/${id}/metrics/${period}/verification`,
    route: '/projects/{id}/metrics/{period}/verification',
    pathParameters: { id, period },
    headers: { ...json, 'if-match': ifMatch },
    body: JSON.stringify({ decision: 'verified', comment: 'Matches the meter export' }),
    claims: reviewerClaims(),
  });
}

const keyOf = (item: Record<string, unknown>) =>
  item.kind === 'report' ? `report:${item.projectId}:${item.period}` : `project:${item.projectId}`;

describe('GET /review-queue on DynamoDB Local', () => {
  it('lists a new project, with its age and link, and drops it once a reviewer decides', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const id = await createProject(submitter, 'US');

    const waiting = await queueAll(reviewerClaims(), { orgId: submitter['custom:orgId'] ?? '' });

    expect(waiting.statusCode).toBe(200);
    expect(waiting.json.items).toEqual([
      expect.objectContaining({
        kind: 'project',
        projectId: id,
        orgId: submitter['custom:orgId'],
        hostCountry: 'US',
        submission: 'new',
        projectVersion: 1,
        link: `/projects/${id}`,
        ageSeconds: expect.any(Number),
        waitingSince: expect.any(String),
      }),
    ]);
    expect(waiting.json.items[0].ageSeconds).toBeGreaterThanOrEqual(0);

    expect((await review(id, 'accepted', '"1"')).statusCode).toBe(200);
    const after = await queueAll(reviewerClaims(), { orgId: submitter['custom:orgId'] ?? '' });
    expect(after.json.items).toEqual([]);
    expect(after.json.nextCursor).toBeNull();
  });

  it('lists a pending revision of an accepted project, and drops it on changes_requested', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const id = await createProject(submitter);
    expect((await review(id, 'accepted', '"1"')).statusCode).toBe(200);
    const patched = await call(projectsWriteHandler, {
      method: 'PATCH',
      path: `/projects/${id}`,
      route: '/projects/{id}',
      pathParameters: { id },
      headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"2"' },
      body: JSON.stringify({ name: 'Renamed while accepted' }),
      claims: submitter,
    });
    expect(patched.statusCode).toBe(200);

    const waiting = await queueAll(reviewerClaims(), { orgId: submitter['custom:orgId'] ?? '' });
    expect(waiting.json.items).toEqual([
      expect.objectContaining({
        kind: 'project',
        projectId: id,
        submission: 'revision',
        pendingChanges: ['name'],
        name: 'Renamed while accepted',
      }),
    ]);

    expect((await review(id, 'changes_requested', '"3"')).statusCode).toBe(200);
    expect((await queueAll(reviewerClaims(), { orgId: submitter['custom:orgId'] ?? '' })).json.items).toEqual(
      [],
    );
  });

  it('lists a self-reported report, drops it when verified, and lists its restatement again', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const orgId = submitter['custom:orgId'] ?? '';
    const id = await createProject(submitter, 'JP');
    expect((await review(id, 'accepted', '"1"')).statusCode).toBe(200);
    const period = monthsAgo(2);
    expect((await putReport(id, period, submitter)).statusCode).toBe(201);

    const waiting = await queueAll(reviewerClaims(), { orgId, kind: 'report' });
    expect(waiting.json.items).toEqual([
      expect.objectContaining({
        kind: 'report',
        projectId: id,
        orgId,
        hostCountry: 'JP',
        period,
        revision: 1,
        restated: false,
        link: `/projects/${id}/metrics/${period}`,
      }),
    ]);

    expect((await verify(id, period, '"1"')).statusCode).toBe(200);
    expect((await queueAll(reviewerClaims(), { orgId, kind: 'report' })).json.items).toEqual([]);

    expect((await putReport(id, period, submitter, '"2"', 1_100)).statusCode).toBe(200);
    const restated = await queueAll(reviewerClaims(), { orgId, kind: 'report' });
    expect(restated.json.items).toEqual([
      expect.objectContaining({ kind: 'report', projectId: id, period, revision: 2, restated: true }),
    ]);
  });

  it('lists the reports of a bulk import with their project’s host country', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const orgId = submitter['custom:orgId'] ?? '';
    const id = await createProject(submitter, 'JP');
    const periods = [monthsAgo(3), monthsAgo(2)];

    const imported = await call(metricsImportHandler, {
      method: 'POST',
      path: '/metrics/import',
      headers: json,
      body: JSON.stringify(periods.map((period) => ({ projectId: id, period, ...aReportBody() }))),
      claims: submitter,
    });

    expect(imported.statusCode).toBe(200);
    const japan = await queueAll(reviewerClaims(), { orgId, kind: 'report', hostCountry: 'JP' });
    expect(japan.json.items.map((item: { period: string }) => item.period).sort()).toEqual(
      [...periods].sort(),
    );
    expect(
      (await queueAll(reviewerClaims(), { orgId, kind: 'report', hostCountry: 'US' })).json.items,
    ).toEqual([]);
  });

  it('lists oldest first across projects and reports, and filters by kind and host country', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const orgId = submitter['custom:orgId'] ?? '';
    const accepted = await createProject(submitter, 'JP');
    expect((await review(accepted, 'accepted', '"1"')).statusCode).toBe(200);
    const period = monthsAgo(2);
    expect((await putReport(accepted, period, submitter)).statusCode).toBe(201);
    const usProject = await createProject(submitter, 'US');
    const jpProject = await createProject(submitter, 'JP');

    const all = await queueAll(reviewerClaims(), { orgId });
    expect(all.json.items.map(keyOf)).toEqual([
      `report:${accepted}:${period}`,
      `project:${usProject}`,
      `project:${jpProject}`,
    ]);
    const since = all.json.items.map((item: { waitingSince: string }) => item.waitingSince);
    expect([...since].sort()).toEqual(since);

    const projects = await queueAll(reviewerClaims(), { orgId, kind: 'project' });
    expect(projects.json.items.map(keyOf)).toEqual([`project:${usProject}`, `project:${jpProject}`]);
    const japan = await queueAll(adminClaims(), { orgId, hostCountry: 'JP' });
    expect(japan.json.items.map(keyOf)).toEqual([`report:${accepted}:${period}`, `project:${jpProject}`]);
    const japaneseProjects = await queueAll(reviewerClaims(), { orgId, hostCountry: 'JP', kind: 'project' });
    expect(japaneseProjects.json.items.map(keyOf)).toEqual([`project:${jpProject}`]);
  });

  it('pages oldest first with cursors that go on where the last page ended', {
    timeout: 300_000,
  }, async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const orgId = submitter['custom:orgId'] ?? '';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createProject(submitter));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queue(reviewerClaims(), { orgId, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.statusCode).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((item: { projectId: string }) => item.projectId));
      cursor = page.json.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10_000);

    expect(seen).toEqual(ids);
  });

  it('refuses a cursor of another listing and an unknown filter with 400 naming the parameter', async () => {
    const submitter = submitterClaims(unique('org'), unique('submitter'));
    const orgId = submitter['custom:orgId'] ?? '';
    await createProject(submitter);
    await createProject(submitter);
    const first = await queue(reviewerClaims(), { orgId, limit: '1' });
    expect(first.json.nextCursor).toEqual(expect.any(String));

    const otherListing = await queue(reviewerClaims(), {
      orgId,
      kind: 'report',
      cursor: first.json.nextCursor,
    });
    const badKind = await queue(reviewerClaims(), { kind: 'document' });
    const unknown = await queue(reviewerClaims(), { state: 'submitted' });

    expect(otherListing.statusCode).toBe(400);
    expect(otherListing.json.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json.errors).toEqual([expect.objectContaining({ path: 'kind' })]);
    expect(unknown.statusCode).toBe(400);
  });

  it.each([
    ['a reviewer', reviewerClaims(), 200],
    ['an admin', adminClaims(), 200],
    ['a submitter', submitterClaims(unique('org')), 403],
    ['a viewer', viewerClaims(), 403],
    ['a caller with no role', { sub: 'nobody' }, 403],
  ])('answers %s with %i', async (_name, claims, status) => {
    const result = await queue(claims as Claims);

    expect(result.statusCode).toBe(status);
    if (status === 403) expect(result.json).not.toHaveProperty('items');
  });
});
