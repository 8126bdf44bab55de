import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler as metricsWriteHandler } from '../../functions/metrics-write/handler.ts';
import { handler as projectsReadHandler } from '../../functions/projects-read/handler.ts';
import { handler as projectsWriteHandler } from '../../functions/projects-write/handler.ts';
import { handler as publicReadHandler } from '../../functions/public-read/handler.ts';
import { handler as referenceAdminHandler } from '../../functions/reference-admin/handler.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import {
  adminClaims,
  aFactorBody,
  aFactorId,
  anFxRateBody,
  aReportBody,
  monthsAgo,
} from '../support/metric-bodies.ts';
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

const ifMatchHeader = (ifMatch: string | undefined) => (ifMatch === undefined ? {} : { 'if-match': ifMatch });

function putReport(id: string, period: string, body: unknown, claims: Claims, ifMatch?: string) {
  return call(metricsWriteHandler, {
    method: 'PUT',
    path: `/projects/${id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id, period },
    headers: { ...json, ...ifMatchHeader(ifMatch) },
    body: JSON.stringify(body),
    claims,
  });
}

function verify(id: string, period: string, body: unknown, claims: Claims, ifMatch?: string) {
  return call(metricsWriteHandler, {
    method: 'POST',
    path: `/projects/${id}/metrics/${period}/verification`,
    route: '/projects/{id}/metrics/{period}/verification',
    pathParameters: { id, period },
    headers: { ...json, ...ifMatchHeader(ifMatch) },
    body: JSON.stringify(body),
    claims,
  });
}

function getReport(id: string, period: string, claims: Claims, query: Record<string, string> = {}) {
  return call(projectsReadHandler, {
    path: `/projects/${id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id, period },
    query,
    claims,
  });
}

function listReports(id: string, claims: Claims, query: Record<string, string> = {}) {
  return call(projectsReadHandler, {
    path: `/projects/${id}/metrics`,
    route: '/projects/{id}/metrics',
    pathParameters: { id },
    query,
    claims,
  });
}

function putFactor(id: string, body: unknown, claims: Claims) {
  return call(referenceAdminHandler, {
    method: 'PUT',
    path: `/emission-factors/${id}`,
    route: '/emission-factors/{id}',
    pathParameters: { id },
    headers: json,
    body: JSON.stringify(body),
    claims,
  });
}

function putFxRate(currency: string, year: string, body: unknown, claims: Claims) {
  return call(referenceAdminHandler, {
    method: 'PUT',
    path: `/fx-rates/${currency}/${year}`,
    route: '/fx-rates/{currency}/{year}',
    pathParameters: { currency, year },
    headers: json,
    body: JSON.stringify(body),
    claims,
  });
}

const verified = { decision: 'verified', comment: 'Checked against the meter readings' };

/**
 * A project of a fresh organisation, created through `POST /projects` as under construction since
 * 18 months ago (so the months from 30 months ago to this one may be reported), and its submitter.
 */
async function aProjectUnderConstruction() {
  const submitter = submitterClaims(unique('org'), unique('submitter'));
  await registerOrganisationOf(submitter);
  const created = await call(projectsWriteHandler, {
    method: 'POST',
    path: '/projects',
    headers: json,
    body: JSON.stringify(
      aProjectBody({ status: 'construction', statusEffectiveDate: `${monthsAgo(18)}-15` }),
    ),
    claims: submitter,
  });
  expect(created.statusCode).toBe(201);
  return { id: created.json.id as string, submitter };
}

/** Such a project, accepted by a reviewer. */
async function anAcceptedProject() {
  const project = await aProjectUnderConstruction();
  const accepted = await call(projectsWriteHandler, {
    method: 'POST',
    path: `/projects/${project.id}/review`,
    route: '/projects/{id}/review',
    pathParameters: { id: project.id },
    headers: { ...json, 'if-match': '"1"' },
    body: JSON.stringify({ decision: 'accepted', comment: 'Looks right' }),
    claims: reviewerClaims(),
  });
  expect(accepted.statusCode).toBe(200);
  return project;
}

/** A factor for Japan's grid, PUT by an admin. */
async function aStoredFactor(tco2PerMwh = 0.45) {
  const id = aFactorId();
  const result = await putFactor(id, aFactorBody({ tco2PerMwh }), adminClaims());
  expect(result.statusCode).toBe(201);
  return id;
}

describe('metrics routes on DynamoDB Local', () => {
  describe('PUT /projects/{id}/metrics/{period}', () => {
    it('creates revision 1 with 201, Location and ETag "1", computing the figures', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);

      const result = await putReport(id, period, aReportBody(), submitter);

      expect(result.statusCode).toBe(201);
      expect(result.headers.location).toBe(`/projects/${id}/metrics/${period}`);
      expect(result.headers.etag).toBe('"1"');
      expect(result.json).toMatchObject({
        projectId: id,
        period,
        revision: 1,
        version: 1,
        projectTco2e: 12.5,
        baselineTco2e: 450,
        reductionsTco2e: 437.5,
        verification: { state: 'self_reported' },
        submittedBy: submitter.sub,
        orgId: submitter['custom:orgId'],
      });
      const stored = await getReport(id, period, submitter);
      expect(stored.statusCode).toBe(200);
      expect(stored.headers.etag).toBe('"1"');
      expect(stored.json).toEqual(result.json);
    });

    it('returns 428 for a second PUT without If-Match and 412 with a stale one, changing nothing', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);
      const first = await putReport(id, period, aReportBody(), submitter);

      const missing = await putReport(id, period, aReportBody({ generationMwh: 1_300 }), submitter);
      const stale = await putReport(id, period, aReportBody({ generationMwh: 1_300 }), submitter, '"7"');

      expect(missing.statusCode).toBe(428);
      expect(stale.statusCode).toBe(412);
      expect((await getReport(id, period, submitter)).json).toEqual(first.json);
    });

    it('returns 412 for If-Match on a month that has no report yet', async () => {
      const { id, submitter } = await aProjectUnderConstruction();

      const result = await putReport(id, monthsAgo(3), aReportBody(), submitter, '"1"');

      expect(result.statusCode).toBe(412);
      expect((await getReport(id, monthsAgo(3), submitter)).statusCode).toBe(404);
    });

    it('restates with the current If-Match as revision 2, keeping revision 1 readable', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);
      const first = await putReport(id, period, aReportBody(), submitter);

      const result = await putReport(id, period, aReportBody({ generationMwh: 1_500 }), submitter, '"1"');

      expect(result.statusCode).toBe(200);
      expect(result.headers.etag).toBe('"2"');
      expect(result.headers.location).toBeUndefined();
      expect(result.json).toMatchObject({ revision: 2, version: 2, generationMwh: 1_500 });
      expect((await getReport(id, period, submitter)).json).toEqual(result.json);
      const revision1 = await getReport(id, period, submitter, { revision: '1' });
      expect(revision1.statusCode).toBe(200);
      expect(revision1.json).toEqual(first.json);
    });

    it('answers an identical restatement with the stored report and makes no revision', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);
      const first = await putReport(id, period, aReportBody(), submitter);

      const again = await putReport(id, period, aReportBody(), submitter, '"1"');

      expect(again.statusCode).toBe(200);
      expect(again.headers.etag).toBe('"1"');
      expect(again.json).toEqual(first.json);
      expect((await getReport(id, period, submitter, { revision: '2' })).statusCode).toBe(404);
    });

    it('lets exactly one of ten concurrent restatements holding the same ETag succeed; the rest get 412', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);
      await putReport(id, period, aReportBody(), submitter);

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          putReport(id, period, aReportBody({ generationMwh: 2_000 + i }), submitter, '"1"'),
        ),
      );

      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(412)]);
      const winner = results.find((r) => r.statusCode === 200);
      expect((await getReport(id, period, submitter)).json).toEqual(winner?.json);
      expect((await getReport(id, period, submitter, { revision: '3' })).statusCode).toBe(404);
    });

    it('lets exactly one of five concurrent first reports of a month create it', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(3);

      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          putReport(id, period, aReportBody({ dataQuality: i + 1 }), submitter),
        ),
      );

      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
      for (const refused of results.filter((r) => r.statusCode !== 201)) {
        expect([409, 428]).toContain(refused.statusCode);
      }
    });

    it('returns 422 naming period for a month in the future or long before construction', async () => {
      const { id, submitter } = await aProjectUnderConstruction();

      const future = await putReport(id, monthsAgo(-1), aReportBody(), submitter);
      const early = await putReport(id, monthsAgo(40), aReportBody(), submitter);

      expect(future.statusCode).toBe(422);
      expect(future.json.errors).toEqual([{ path: 'period', message: expect.any(String) }]);
      expect(early.statusCode).toBe(422);
      expect(early.json.errors).toEqual([{ path: 'period', message: expect.any(String) }]);
      expect((await listReports(id, submitter)).json.items).toEqual([]);
    });

    it('accepts the current month and the first month a year before construction', async () => {
      const { id, submitter } = await aProjectUnderConstruction();

      const current = await putReport(id, monthsAgo(0), aReportBody(), submitter);
      const earliest = await putReport(id, monthsAgo(30), aReportBody(), submitter);

      expect(current.statusCode).toBe(201);
      expect(earliest.statusCode).toBe(201);
    });

    it('returns 422 naming every bad field of the body', async () => {
      const { id, submitter } = await aProjectUnderConstruction();

      const result = await putReport(
        id,
        monthsAgo(3),
        { ...aReportBody({ dataQuality: 9 }), projectEmissions: [{ gas: 'CO2', tonnes: -1 }], extra: true },
        submitter,
      );

      expect(result.statusCode).toBe(422);
      expect(result.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'dataQuality',
        'extra',
        'projectEmissions.0.tonnes',
      ]);
    });

    it('returns 404 for a project that does not exist', async () => {
      const result = await putReport(ulid(), monthsAgo(3), aReportBody(), adminClaims());

      expect(result.statusCode).toBe(404);
    });
  });

  describe('POST /projects/{id}/metrics/{period}/verification', () => {
    it('verifies the latest revision; a restatement afterwards is a new self_reported revision', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(5);
      await putReport(id, period, aReportBody(), submitter);
      await putReport(id, period, aReportBody({ generationMwh: 1_500 }), submitter, '"1"');

      const decision = await verify(id, period, verified, reviewerClaims('reviewer-7'), '"2"');

      expect(decision.statusCode).toBe(200);
      expect(decision.headers.etag).toBe('"3"');
      expect(decision.json).toMatchObject({
        revision: 2,
        version: 3,
        verification: { state: 'verified', by: 'reviewer-7', comment: verified.comment },
      });

      const restated = await putReport(id, period, aReportBody({ generationMwh: 1_600 }), submitter, '"3"');

      expect(restated.statusCode).toBe(200);
      expect(restated.headers.etag).toBe('"4"');
      expect(restated.json).toMatchObject({
        revision: 3,
        version: 4,
        verification: { state: 'self_reported' },
      });
      expect(restated.json.verification).toEqual({ state: 'self_reported' });
      const revisions = await Promise.all(
        ['1', '2', '3'].map((revision) => getReport(id, period, submitter, { revision })),
      );
      expect(revisions.map((r) => [r.statusCode, r.json.revision, r.json.verification.state])).toEqual([
        [200, 1, 'self_reported'],
        [200, 2, 'verified'],
        [200, 3, 'self_reported'],
      ]);
      expect((await getReport(id, period, submitter)).json).toEqual(restated.json);
    });

    it('keeps a verification when the same figures are PUT again', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(5);
      await putReport(id, period, aReportBody(), submitter);
      await verify(id, period, verified, reviewerClaims(), '"1"');

      const again = await putReport(id, period, aReportBody(), submitter, '"2"');

      expect(again.statusCode).toBe(200);
      expect(again.json).toMatchObject({ revision: 1, version: 2, verification: { state: 'verified' } });
    });

    it('returns 428 without If-Match, 412 with a stale one, and 403 to the submitter', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(5);
      await putReport(id, period, aReportBody(), submitter);

      const missing = await verify(id, period, verified, reviewerClaims());
      const stale = await verify(id, period, verified, reviewerClaims(), '"2"');
      const bySubmitter = await verify(id, period, verified, submitter, '"1"');

      expect(missing.statusCode).toBe(428);
      expect(stale.statusCode).toBe(412);
      expect(bySubmitter.statusCode).toBe(403);
      expect((await getReport(id, period, submitter)).json.verification).toEqual({ state: 'self_reported' });
    });

    it('returns 403 naming the four-eyes rule to an admin verifying a revision they submitted', async () => {
      const { id } = await aProjectUnderConstruction();
      const period = monthsAgo(5);
      const admin = adminClaims('admin-four-eyes');
      expect((await putReport(id, period, aReportBody(), admin)).statusCode).toBe(201);

      const own = await verify(id, period, verified, admin, '"1"');

      expect(own.statusCode).toBe(403);
      expect(own.json).toMatchObject({ type: '/problems/four-eyes', title: 'Four-eyes rule' });
      expect((await verify(id, period, verified, reviewerClaims(), '"1"')).statusCode).toBe(200);
    });

    it('returns 422 naming decision for a revision already decided', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(5);
      await putReport(id, period, aReportBody(), submitter);
      await verify(id, period, verified, reviewerClaims(), '"1"');

      const again = await verify(
        id,
        period,
        { decision: 'rejected', comment: 'Late' },
        reviewerClaims(),
        '"2"',
      );

      expect(again.statusCode).toBe(422);
      expect(again.json.errors).toEqual([{ path: 'decision', message: expect.any(String) }]);
    });
  });

  describe('GET /projects/{id}/metrics', () => {
    it('lists the latest revision of each month between from and to, oldest first, page by page', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const months = [6, 5, 4, 3, 2].map((n) => monthsAgo(n));
      for (const period of [...months].reverse()) await putReport(id, period, aReportBody(), submitter);
      await putReport(id, months[2] ?? '', aReportBody({ generationMwh: 999 }), submitter, '"1"');
      const query = { from: months[1] ?? '', to: months[3] ?? '' };

      const all = await listReports(id, submitter, query);
      const first = await listReports(id, submitter, { ...query, limit: '2' });
      const second = await listReports(id, submitter, {
        ...query,
        limit: '2',
        cursor: first.json.nextCursor,
      });

      expect(all.statusCode).toBe(200);
      expect(all.json.items.map((r: { period: string }) => r.period)).toEqual(months.slice(1, 4));
      expect(all.json.items[1]).toMatchObject({ revision: 2, generationMwh: 999 });
      expect(all.json.nextCursor).toBeNull();
      expect(first.json.items.map((r: { period: string }) => r.period)).toEqual(months.slice(1, 3));
      expect(first.json.nextCursor).toEqual(expect.any(String));
      expect(second.json.items.map((r: { period: string }) => r.period)).toEqual(months.slice(3, 4));
      expect(second.json.nextCursor).toBeNull();
    });

    it('returns 400 for a malformed month or a cursor of another range', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      for (const n of [4, 3, 2]) await putReport(id, monthsAgo(n), aReportBody(), submitter);
      const page = await listReports(id, submitter, { limit: '1' });

      const badMonth = await listReports(id, submitter, { from: '2024-13' });
      const foreignCursor = await listReports(id, submitter, {
        from: monthsAgo(3),
        limit: '1',
        cursor: page.json.nextCursor,
      });

      expect(badMonth.statusCode).toBe(400);
      expect(badMonth.json.errors).toEqual([{ path: 'from', message: expect.any(String) }]);
      expect(foreignCursor.statusCode).toBe(400);
    });

    it('answers a range that ends before it starts with an empty page, not a server error', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);

      const result = await listReports(id, submitter, { from: monthsAgo(2), to: monthsAgo(4) });

      expect(result.statusCode).toBe(200);
      expect(result.json).toEqual({ items: [], nextCursor: null });
    });

    it('returns 404 for an unknown revision', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);

      const result = await getReport(id, monthsAgo(3), submitter, { revision: '2' });

      expect(result.statusCode).toBe(404);
    });
  });

  describe('grid_factor baselines', () => {
    it('computes baselineTco2e as generation × factor and stores the factor’s id and version', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const factorId = await aStoredFactor(0.45);

      const result = await putReport(
        id,
        monthsAgo(3),
        aReportBody({ generationMwh: 1_200, baseline: { method: 'grid_factor', factorId } }),
        submitter,
      );

      expect(result.statusCode).toBe(201);
      expect(result.json).toMatchObject({
        baselineTco2e: 540,
        projectTco2e: 12.5,
        reductionsTco2e: 527.5,
        factor: { id: factorId, version: 1, tco2PerMwh: 0.45 },
      });
    });

    it('keeps a stored report on the factor version it used when the factor changes', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const factorId = await aStoredFactor(0.45);
      const body = aReportBody({ generationMwh: 1_200, baseline: { method: 'grid_factor', factorId } });
      const before = await putReport(id, monthsAgo(4), body, submitter);

      const changed = await putFactor(factorId, aFactorBody({ tco2PerMwh: 0.5 }), adminClaims());
      const after = await putReport(id, monthsAgo(3), body, submitter);

      expect(changed.statusCode).toBe(200);
      expect(changed.json).toMatchObject({ version: 2, tco2PerMwh: 0.5 });
      expect(changed.headers.etag).toBe('"2"');
      expect((await getReport(id, monthsAgo(4), submitter)).json).toEqual(before.json);
      expect(before.json).toMatchObject({ baselineTco2e: 540, factor: { version: 1, tco2PerMwh: 0.45 } });
      expect(after.json).toMatchObject({ baselineTco2e: 600, factor: { version: 2, tco2PerMwh: 0.5 } });
    });

    it('restates a report with the new factor version when the same body is PUT again', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const factorId = await aStoredFactor(0.45);
      const body = aReportBody({ generationMwh: 1_200, baseline: { method: 'grid_factor', factorId } });
      await putReport(id, monthsAgo(4), body, submitter);
      await putFactor(factorId, aFactorBody({ tco2PerMwh: 0.5 }), adminClaims());

      const restated = await putReport(id, monthsAgo(4), body, submitter, '"1"');

      expect(restated.statusCode).toBe(200);
      expect(restated.json).toMatchObject({ revision: 2, baselineTco2e: 600, factor: { version: 2 } });
      expect((await getReport(id, monthsAgo(4), submitter, { revision: '1' })).json).toMatchObject({
        baselineTco2e: 540,
        factor: { version: 1 },
      });
    });

    it('returns 422 naming baseline.factorId for an unknown factor or one of another country', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const usFactor = aFactorId();
      await putFactor(usFactor, aFactorBody({ region: 'US' }), adminClaims());

      const unknown = await putReport(
        id,
        monthsAgo(3),
        aReportBody({ baseline: { method: 'grid_factor', factorId: aFactorId() } }),
        submitter,
      );
      const foreign = await putReport(
        id,
        monthsAgo(3),
        aReportBody({ baseline: { method: 'grid_factor', factorId: usFactor } }),
        submitter,
      );

      expect(unknown.statusCode).toBe(422);
      expect(unknown.json.errors).toEqual([{ path: 'baseline.factorId', message: expect.any(String) }]);
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json.errors).toEqual([{ path: 'baseline.factorId', message: expect.any(String) }]);
    });
  });

  describe('who may report and read', () => {
    it('returns 404 to a submitter of another organisation while the project is not accepted', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);
      const other = submitterClaims(unique('org'));

      expect((await putReport(id, monthsAgo(2), aReportBody(), other)).statusCode).toBe(404);
      expect((await getReport(id, monthsAgo(3), other)).statusCode).toBe(404);
      expect((await listReports(id, other)).statusCode).toBe(404);
      expect((await getReport(id, monthsAgo(3), viewerClaims())).statusCode).toBe(404);
    });

    it('returns 403 to a submitter of another organisation on an accepted project, who may read it', async () => {
      const { id, submitter } = await anAcceptedProject();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);
      const other = submitterClaims(unique('org'));

      const put = await putReport(id, monthsAgo(2), aReportBody(), other);
      const restate = await putReport(id, monthsAgo(3), aReportBody({ generationMwh: 1 }), other, '"1"');

      expect(put.statusCode).toBe(403);
      expect(restate.statusCode).toBe(403);
      expect((await getReport(id, monthsAgo(3), other)).statusCode).toBe(200);
      expect((await getReport(id, monthsAgo(3), submitter)).json.revision).toBe(1);
    });

    it('lets a viewer read the reports of an accepted project but not PUT one', async () => {
      const { id, submitter } = await anAcceptedProject();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);

      const read = await getReport(id, monthsAgo(3), viewerClaims());
      const listed = await listReports(id, viewerClaims());
      const put = await putReport(id, monthsAgo(2), aReportBody(), viewerClaims());

      expect(read.statusCode).toBe(200);
      expect(listed.json.items).toHaveLength(1);
      expect(put.statusCode).toBe(403);
      expect((await getReport(id, monthsAgo(2), submitter)).statusCode).toBe(404);
    });

    it('lets a viewer read the reports of a project whose edit awaits review, and not of a withdrawn one', async () => {
      const { id, submitter } = await anAcceptedProject();
      await putReport(id, monthsAgo(3), aReportBody(), submitter);
      const review = (decision: string, ifMatch: string) =>
        call(projectsWriteHandler, {
          method: 'POST',
          path: `/projects/${id}/review`,
          route: '/projects/{id}/review',
          pathParameters: { id },
          headers: { ...json, 'if-match': ifMatch },
          body: JSON.stringify({ decision, comment: 'Decided' }),
          claims: reviewerClaims('r2'),
        });
      const edited = await call(projectsWriteHandler, {
        method: 'PATCH',
        path: `/projects/${id}`,
        route: '/projects/{id}',
        pathParameters: { id },
        headers: { ...json, 'if-match': '"2"' },
        body: JSON.stringify({ name: 'Renamed, awaiting review' }),
        claims: submitter,
      });
      expect(edited.statusCode).toBe(200);

      expect((await getReport(id, monthsAgo(3), viewerClaims())).statusCode).toBe(200);
      expect((await review('withdrawn', '"3"')).statusCode).toBe(200);
      expect((await getReport(id, monthsAgo(3), viewerClaims())).statusCode).toBe(404);
      expect((await listReports(id, viewerClaims())).statusCode).toBe(404);
      expect((await getReport(id, monthsAgo(3), submitter)).statusCode).toBe(200);
    });

    it('returns 422 naming generationMwh above the current MW capacity × the hours of the month', async () => {
      const { id, submitter } = await aProjectUnderConstruction();
      const period = monthsAgo(4);
      const [year, month] = period.split('-').map(Number);
      const days = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
      const capacityMw = 120;
      const most = capacityMw * days * 24;

      const over = await putReport(id, period, aReportBody({ generationMwh: most + 1 }), submitter);
      const atMost = await putReport(id, period, aReportBody({ generationMwh: most }), submitter);

      expect(over.statusCode).toBe(422);
      expect(over.json.errors.map((e: { path: string }) => e.path)).toEqual(['generationMwh']);
      expect(atMost.statusCode).toBe(201);
    });

    it('lets an admin report for any organisation’s project, keeping the project’s organisation', async () => {
      const { id, submitter } = await aProjectUnderConstruction();

      const result = await putReport(id, monthsAgo(3), aReportBody(), adminClaims('admin-9'));

      expect(result.statusCode).toBe(201);
      expect(result.json).toMatchObject({ submittedBy: 'admin-9', orgId: submitter['custom:orgId'] });
    });

    it('returns 401 without a token', async () => {
      const { id } = await aProjectUnderConstruction();

      const result = await putReport(id, monthsAgo(3), aReportBody(), {});

      expect(result.statusCode).toBe(401);
    });
  });
});

describe('reference data routes on DynamoDB Local', () => {
  describe('PUT /fx-rates/{currency}/{year}', () => {
    it('creates version 1, answers the same body unchanged and a changed one as version 2', async () => {
      const body = anFxRateBody({ usdPerUnit: 0.0066 });

      const created = await putFxRate('JPY', '2024', body, adminClaims());
      const same = await putFxRate('JPY', '2024', body, adminClaims('admin-2'));
      const changed = await putFxRate('JPY', '2024', anFxRateBody({ usdPerUnit: 0.0067 }), adminClaims());

      expect(created.statusCode).toBe(201);
      expect(created.headers.etag).toBe('"1"');
      expect(created.json).toMatchObject({ currency: 'JPY', year: 2024, usdPerUnit: 0.0066, version: 1 });
      expect(same.statusCode).toBe(200);
      expect(same.json).toEqual(created.json);
      expect(same.headers.etag).toBe('"1"');
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe('"2"');
      expect(changed.json).toMatchObject({ usdPerUnit: 0.0067, version: 2 });
    });

    it('returns 403 to a submitter and a reviewer, and stores nothing', async () => {
      const submitter = await putFxRate('GBP', '2021', anFxRateBody(), submitterClaims());
      const reviewer = await putFxRate('GBP', '2021', anFxRateBody(), reviewerClaims());

      expect(submitter.statusCode).toBe(403);
      expect(reviewer.statusCode).toBe(403);
    });

    it('returns 422 naming currency and year for USD or a future year', async () => {
      const result = await putFxRate(
        'USD',
        String(new Date().getUTCFullYear() + 1),
        anFxRateBody(),
        adminClaims(),
      );

      expect(result.statusCode).toBe(422);
      expect(result.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['currency', 'year']);
    });
  });

  describe('PUT /emission-factors/{id}', () => {
    it('creates version 1 with 201 and answers the same body unchanged', async () => {
      const id = aFactorId();

      const created = await putFactor(id, aFactorBody(), adminClaims());
      const same = await putFactor(id, aFactorBody(), adminClaims());

      expect(created.statusCode).toBe(201);
      expect(created.json).toMatchObject({ id, version: 1, tco2PerMwh: 0.45, updatedBy: 'admin-1' });
      expect(same.statusCode).toBe(200);
      expect(same.json).toEqual(created.json);
    });

    it('returns 403 to a submitter', async () => {
      const result = await putFactor(aFactorId(), aFactorBody(), submitterClaims());

      expect(result.statusCode).toBe(403);
    });
  });

  describe('public reads', () => {
    /** Pages through a public listing without a token until `found` matches an item. */
    async function findListed(path: string, found: (item: Record<string, unknown>) => boolean) {
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await call(publicReadHandler, {
          path,
          query: { limit: '100', ...(cursor ? { cursor } : {}) },
        });
        expect(page.statusCode).toBe(200);
        expect(page.headers['cache-control']).toBe('public, max-age=300');
        const item = page.json.items.find(found);
        if (item || !page.json.nextCursor) return item;
        cursor = page.json.nextCursor;
      }
      return undefined;
    }

    it('lists emission factors without a token', async () => {
      const id = await aStoredFactor(0.42);

      const item = await findListed('/emission-factors', (f) => f.id === id);

      expect(item).toMatchObject({ id, tco2PerMwh: 0.42, version: 1 });
    });

    it('lists FX rates without a token', async () => {
      const created = await putFxRate('CAD', '2022', anFxRateBody({ usdPerUnit: 0.77 }), adminClaims());
      expect(created.statusCode).toBe(201);

      const item = await findListed('/fx-rates', (r) => r.currency === 'CAD' && r.year === 2022);

      expect(item).toMatchObject({ currency: 'CAD', year: 2022, usdPerUnit: 0.77, version: 1 });
    });

    it('returns 400 for a tampered cursor', async () => {
      const result = await call(publicReadHandler, { path: '/fx-rates', query: { cursor: 'not-a-cursor' } });

      expect(result.statusCode).toBe(400);
    });
  });
});
