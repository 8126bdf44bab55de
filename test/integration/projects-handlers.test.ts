import { describe, expect, it } from 'vitest';
import { handler as importHandler } from '../../functions/projects-import/handler.ts';
import { handler as readHandler } from '../../functions/projects-read/handler.ts';
import { handler as writeHandler } from '../../functions/projects-write/handler.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { bodyFromCsvRecord, importColumns } from '../../shared/domain/projects/import.ts';
import { projectCreateSchema } from '../../shared/domain/projects/schema.ts';
import { parseCsv, toCsv } from '../../shared/http/csv.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import {
  aProjectBody,
  reviewerClaims,
  submitterClaims,
  todayUtc,
  unique,
  viewerClaims,
} from '../support/project-bodies.ts';
import { registerOrganisationOf } from '../support/registered-organisations.ts';

const json = { 'content-type': 'application/json' };
const mergePatch = { 'content-type': 'application/merge-patch+json' };

async function read(options: EventOptions) {
  return readResult(await readHandler(httpEvent(options), lambdaContext()));
}

async function write(options: EventOptions) {
  const handler = options.path === '/projects/import' ? importHandler : writeHandler;
  return readResult(await handler(httpEvent(options), lambdaContext()));
}

async function create(body: unknown, claims: Record<string, string>, headers: Record<string, string> = {}) {
  await registerOrganisationOf(claims);
  return write({
    method: 'POST',
    path: '/projects',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
    claims,
  });
}

function getProject(id: string, claims: Record<string, string>) {
  return read({ path: `/projects/${id}`, route: '/projects/{id}', pathParameters: { id }, claims });
}

function patch(id: string, body: unknown, claims: Record<string, string>, ifMatch?: string) {
  return write({
    method: 'PATCH',
    path: `/projects/${id}`,
    route: '/projects/{id}',
    pathParameters: { id },
    headers: { ...mergePatch, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
    body: JSON.stringify(body),
    claims,
  });
}

function action(
  id: string,
  name: 'status' | 'review',
  body: unknown,
  claims: Record<string, string>,
  ifMatch: string,
) {
  return write({
    method: 'POST',
    path: `/projects/${id}/${name}`,
    route: `/projects/{id}/${name}`,
    pathParameters: { id },
    headers: { ...json, 'if-match': ifMatch },
    body: JSON.stringify(body),
    claims,
  });
}

function history(id: string, claims: Record<string, string>, query: Record<string, string> = {}) {
  return read({
    path: `/projects/${id}/history`,
    route: '/projects/{id}/history',
    pathParameters: { id },
    query,
    claims,
  });
}

function list(claims: Record<string, string>, query: Record<string, string>) {
  return read({ path: '/projects', query, claims });
}

async function importCsv(csv: string, claims: Record<string, string>) {
  await registerOrganisationOf(claims);
  return write({
    method: 'POST',
    path: '/projects/import',
    headers: { 'content-type': 'text/csv' },
    body: csv,
    claims,
  });
}

/** A created project of a fresh organisation, and the claims of a submitter of that organisation. */
async function aCreatedProject() {
  const submitter = submitterClaims(unique('org'));
  const created = await create(aProjectBody(), submitter);
  expect(created.statusCode).toBe(201);
  return { id: created.json.id as string, submitter, created };
}

describe('project routes on DynamoDB Local', () => {
  describe('POST /projects', () => {
    it('returns 201 with Location and ETag "1", and the project is stored', async () => {
      const body = aProjectBody();
      const submitter = submitterClaims();

      const result = await create(body, submitter);

      expect(result.statusCode).toBe(201);
      expect(result.headers.location).toBe(`/projects/${result.json.id}`);
      expect(result.headers.etag).toBe('"1"');
      expect(result.json).toMatchObject({
        ...body,
        version: 1,
        reviewState: 'submitted',
        status: 'announced',
        orgId: 'org-a',
        createdBy: 'u1',
      });
      const stored = await getProject(result.json.id, submitter);
      expect(stored.json).toEqual(result.json);
    });

    it('prices investments in other currencies with the stored FX rate', async () => {
      const currency = 'EUR';
      const year = 2019;
      const reference = new DynamoReferenceRepository(documentClient, tableName('reference'));
      const current = await reference.fxRate(currency, year);
      await reference.putFxRate(current, {
        currency,
        year,
        usdPerUnit: 1.12,
        source: { title: 'Test rate' },
        version: (current?.version ?? 0) + 1,
        updatedAt: new Date().toISOString(),
        updatedBy: 'test',
      });
      const body = aProjectBody({
        investments: [
          {
            investorCountry: 'JP',
            amount: 1_000_000,
            currency,
            committedOn: `${year}-05-01`,
            instrument: 'equity',
          },
        ],
      });

      const result = await create(body, submitterClaims());

      expect(result.statusCode).toBe(201);
      expect(result.json.investments[0].usdAmount).toBe(1_120_000);
    });

    it('returns 422 naming the investment whose currency has no FX rate', async () => {
      const body = aProjectBody({
        investments: [
          {
            investorCountry: 'JP',
            amount: 10,
            currency: 'CHF',
            committedOn: '1999-01-01',
            instrument: 'debt',
          },
        ],
      });

      const result = await create(body, submitterClaims());

      expect(result.statusCode).toBe(422);
      expect(result.json.errors).toEqual([{ path: 'investments.0.currency', message: expect.any(String) }]);
    });

    it('returns 409 when an external reference already belongs to another project', async () => {
      const body = aProjectBody();
      expect((await create(body, submitterClaims())).statusCode).toBe(201);

      const result = await create({ ...body, name: 'A second project' }, submitterClaims());

      expect(result.statusCode).toBe(409);
    });
  });

  describe('GET /projects/{id}', () => {
    it('returns the project with its ETag', async () => {
      const { id, submitter } = await aCreatedProject();

      const result = await getProject(id, submitter);

      expect(result.statusCode).toBe(200);
      expect(result.headers.etag).toBe('"1"');
      expect(result.json.id).toBe(id);
    });

    it('returns 404 to a submitter of another organisation while it is not accepted', async () => {
      const { id } = await aCreatedProject();

      const result = await getProject(id, submitterClaims(unique('org')));

      expect(result.statusCode).toBe(404);
    });
  });

  describe('PATCH /projects/{id}', () => {
    it('returns 428 without If-Match', async () => {
      const { id, submitter } = await aCreatedProject();

      const result = await patch(id, { name: 'Renamed' }, submitter);

      expect(result.statusCode).toBe(428);
    });

    it('returns 412 when If-Match is stale, and changes nothing', async () => {
      const { id, submitter } = await aCreatedProject();
      expect((await patch(id, { name: 'First' }, submitter, '"1"')).statusCode).toBe(200);

      const result = await patch(id, { name: 'Second' }, submitter, '"1"');

      expect(result.statusCode).toBe(412);
      const stored = await getProject(id, submitter);
      expect(stored.json).toMatchObject({ name: 'First', version: 2 });
    });

    it('returns 200 with ETag "2" when If-Match is current', async () => {
      const { id, submitter } = await aCreatedProject();

      const result = await patch(id, { name: 'Renamed', capacity: { value: 150 } }, submitter, '"1"');

      expect(result.statusCode).toBe(200);
      expect(result.headers.etag).toBe('"2"');
      expect(result.json).toMatchObject({
        name: 'Renamed',
        capacity: { value: 150, unit: 'MW' },
        version: 2,
      });
      expect((await getProject(id, submitter)).headers.etag).toBe('"2"');
    });
  });

  describe('status and review', () => {
    it('moves a project through its lifecycle and the review workflow, recording each step', async () => {
      const { id, submitter } = await aCreatedProject();
      const reviewer = reviewerClaims();
      const today = todayUtc();

      const status = await action(
        id,
        'status',
        { status: 'construction', effectiveDate: today },
        submitter,
        '"1"',
      );
      expect(status.statusCode).toBe(200);
      expect(status.headers.etag).toBe('"2"');
      expect(status.json.status).toBe('construction');
      expect(status.json.statusHistory.map((s: { status: string }) => s.status)).toEqual([
        'announced',
        'construction',
      ]);

      const refused = await action(id, 'status', { status: 'fid', effectiveDate: today }, submitter, '"2"');
      expect(refused.statusCode).toBe(422);

      const byOwner = await action(id, 'review', { decision: 'accepted', comment: 'Mine' }, submitter, '"2"');
      expect(byOwner.statusCode).toBe(403);

      const changes = { decision: 'changes_requested', comment: 'Add the capacity source' };
      const requested = await action(id, 'review', changes, reviewer, '"2"');
      expect(requested.statusCode).toBe(200);
      expect(requested.json.reviewState).toBe('changes_requested');
      expect(requested.headers.etag).toBe('"3"');

      const resubmitted = await patch(id, { summary: 'Capacity per the EPC contract.' }, submitter, '"3"');
      expect(resubmitted.statusCode).toBe(200);
      expect(resubmitted.json.reviewState).toBe('submitted');

      const accepted = await action(id, 'review', { decision: 'accepted', comment: 'Good' }, reviewer, '"4"');
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json).toMatchObject({ reviewState: 'accepted', version: 5 });

      const again = await action(id, 'review', { decision: 'rejected', comment: 'Late' }, reviewer, '"5"');
      expect(again.statusCode).toBe(422);

      expect((await getProject(id, viewerClaims())).statusCode).toBe(200);
    });

    it('returns 412 on a stale status change and 428 without If-Match', async () => {
      const { id, submitter } = await aCreatedProject();
      const body = { status: 'feasibility', effectiveDate: todayUtc() };

      const stale = await action(id, 'status', body, submitter, '"7"');
      const missing = await write({
        method: 'POST',
        path: `/projects/${id}/status`,
        route: '/projects/{id}/status',
        pathParameters: { id },
        headers: json,
        body: JSON.stringify(body),
        claims: submitter,
      });

      expect(stale.statusCode).toBe(412);
      expect(missing.statusCode).toBe(428);
    });
  });

  describe('reviewed before published', () => {
    /** A project of a fresh organisation at 120 MW, accepted by reviewer r1 (ETag "2"). */
    async function anAcceptedProject() {
      const { id, submitter } = await aCreatedProject();
      const accepted = await action(
        id,
        'review',
        { decision: 'accepted', comment: 'ok' },
        reviewerClaims('r1'),
        '"1"',
      );
      expect(accepted.statusCode).toBe(200);
      return { id, submitter };
    }

    it('keeps serving the accepted capacity to viewers while an edit awaits review, until another reviewer accepts it', async () => {
      const { id, submitter } = await anAcceptedProject();

      const edited = await patch(id, { capacity: { value: 150 } }, submitter, '"2"');
      expect(edited.statusCode).toBe(200);
      expect(edited.json).toMatchObject({
        reviewState: 'submitted',
        acceptedVersion: 2,
        pendingChanges: ['capacity.value'],
        capacity: { value: 150 },
      });

      const forViewer = await getProject(id, viewerClaims());
      expect(forViewer.statusCode).toBe(200);
      expect(forViewer.headers.etag).toBe('"2"');
      expect(forViewer.json).toMatchObject({
        reviewState: 'accepted',
        acceptedVersion: 2,
        capacity: { value: 120 },
      });
      expect(forViewer.json).not.toHaveProperty('pendingChanges');
      expect((await getProject(id, submitter)).json.capacity.value).toBe(150);

      const accepted = await action(
        id,
        'review',
        { decision: 'accepted', comment: 'ok' },
        reviewerClaims('r2'),
        '"3"',
      );
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json).toMatchObject({ acceptedVersion: 4, pendingChanges: [] });
      expect((await getProject(id, viewerClaims())).json.capacity.value).toBe(150);
    });

    it('reviews a disbursement like any edit: refused whole when it passes the commitment, published once accepted', async () => {
      const submitter = submitterClaims(unique('org'));
      const commitment = {
        investorCountry: 'US',
        amount: 2_000_000,
        currency: 'USD',
        committedOn: '2024-02-01',
        instrument: 'debt',
      } as const;
      const created = await create(aProjectBody({ investments: [commitment] }), submitter);
      const id = created.json.id as string;
      const investmentId = created.json.investments[0].id as string;
      expect(investmentId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(created.json.investments[0].disbursements).toEqual([]);
      await action(id, 'review', { decision: 'accepted', comment: 'ok' }, reviewerClaims('r1'), '"1"');
      const disbursed = (disbursements: unknown[]) => ({
        investments: [{ ...commitment, id: investmentId, disbursements }],
      });

      const tooMuch = await patch(
        id,
        disbursed([
          { date: '2024-03-01', amount: 1_500_000 },
          { date: '2024-04-01', amount: 600_000 },
        ]),
        submitter,
        '"2"',
      );
      expect(tooMuch.statusCode).toBe(422);
      expect(tooMuch.headers['content-type']).toContain('application/problem+json');
      expect(tooMuch.json.errors).toEqual([
        { path: 'investments.0.disbursements.1.amount', message: expect.stringContaining('2100000') },
      ]);
      expect((await getProject(id, submitter)).headers.etag).toBe('"2"');

      const edited = await patch(
        id,
        disbursed([{ date: '2024-03-01', amount: 1_500_000 }]),
        submitter,
        '"2"',
      );
      expect(edited.statusCode).toBe(200);
      expect(edited.json).toMatchObject({
        reviewState: 'submitted',
        acceptedVersion: 2,
        pendingChanges: ['investments'],
        investments: [
          {
            id: investmentId,
            disbursements: [{ date: '2024-03-01', amount: 1_500_000, usdAmount: 1_500_000 }],
          },
        ],
      });
      expect((await getProject(id, viewerClaims())).json.investments[0].disbursements).toEqual([]);

      const accepted = await action(
        id,
        'review',
        { decision: 'accepted', comment: 'ok' },
        reviewerClaims('r2'),
        '"3"',
      );
      expect(accepted.statusCode).toBe(200);
      expect((await getProject(id, viewerClaims())).json.investments[0]).toMatchObject({
        id: investmentId,
        disbursements: [{ date: '2024-03-01', amount: 1_500_000, usdAmount: 1_500_000 }],
      });
    });

    it('answers 403 naming the four-eyes rule to a reviewer who made the edit under review', async () => {
      const { id } = await anAcceptedProject();
      const editor = {
        sub: 'admin-editor',
        'cognito:groups': '[admin reviewer]',
        'custom:orgId': 'org-secretariat',
      };
      expect((await patch(id, { name: 'Renamed by an admin' }, editor, '"2"')).statusCode).toBe(200);

      const review = await action(id, 'review', { decision: 'accepted', comment: 'Mine' }, editor, '"3"');

      expect(review.statusCode).toBe(403);
      expect(review.headers['content-type']).toContain('application/problem+json');
      expect(review.json).toMatchObject({
        type: '/problems/four-eyes',
        title: 'Four-eyes rule',
        status: 403,
      });
      expect(review.json.detail).toMatch(/Four-eyes rule/);
      expect((await getProject(id, editor)).json.reviewState).toBe('submitted');
    });

    it('withdraws a project from publication with the withdrawn decision, audited with its comment', async () => {
      const { id, submitter } = await anAcceptedProject();

      const withdrawn = await action(
        id,
        'review',
        { decision: 'withdrawn', comment: 'Disputed' },
        reviewerClaims('r2'),
        '"2"',
      );

      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json.reviewState).toBe('withdrawn');
      expect(withdrawn.json).not.toHaveProperty('acceptedVersion');
      expect((await getProject(id, viewerClaims())).statusCode).toBe(404);
      const entries = (await history(id, submitter)).json.items;
      expect(entries.at(-1)).toMatchObject({ action: 'reviewed', version: 3, comment: 'Disputed' });
    });

    it.each([
      [{ capacity: { value: 30_001, unit: 'MW' } }, 'capacity.value'],
      [{ capacity: { value: 50_001, unit: 'MWh' } }, 'capacity.value'],
      [
        {
          investments: [
            {
              investorCountry: 'US',
              amount: 100_000_000_001,
              currency: 'USD',
              committedOn: '2024-05-01',
              instrument: 'equity',
            },
          ],
        },
        'investments.0.amount',
      ],
    ])('returns 422 naming the implausible field of %j', async (overrides, path) => {
      const created = await create(aProjectBody(overrides as never), submitterClaims(unique('org')));

      expect(created.statusCode).toBe(422);
      expect(created.json.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    });
  });

  describe('GET /projects/{id}/history', () => {
    it('lists the audit entries oldest first, a page at a time', async () => {
      const { id, submitter } = await aCreatedProject();
      await patch(id, { name: 'Renamed' }, submitter, '"1"');
      await action(id, 'status', { status: 'feasibility', effectiveDate: todayUtc() }, submitter, '"2"');
      await action(id, 'review', { decision: 'accepted', comment: 'Fine' }, reviewerClaims(), '"3"');

      const first = await history(id, submitter, { limit: '3' });
      const second = await history(id, submitter, { limit: '3', cursor: first.json.nextCursor });

      expect(first.statusCode).toBe(200);
      expect(first.json.items.map((e: { action: string }) => e.action)).toEqual([
        'created',
        'edited',
        'status_changed',
      ]);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      expect(second.json.items).toEqual([
        expect.objectContaining({ action: 'reviewed', version: 4, by: 'r1', comment: 'Fine' }),
      ]);
      expect(second.json.nextCursor).toBeNull();
    });

    it('answers a viewer the redacted entries, and no cache may store either answer', async () => {
      const { id, submitter } = await aCreatedProject();
      await action(
        id,
        'status',
        { status: 'feasibility', effectiveDate: todayUtc(), note: 'Site survey' },
        submitter,
        '"1"',
      );
      await action(id, 'review', { decision: 'accepted', comment: 'Fine' }, reviewerClaims(), '"2"');

      const owners = await history(id, submitter);
      const viewers = await history(id, viewerClaims());

      expect(viewers.statusCode).toBe(200);
      expect(viewers.json.items).toEqual(
        owners.json.items.map(
          (entry: {
            projectId: string;
            at: string;
            action: string;
            version: number;
            changes: { path: string }[];
          }) => ({
            projectId: entry.projectId,
            at: entry.at,
            action: entry.action,
            version: entry.version,
            changes: entry.changes.map(({ path }) => ({ path })),
          }),
        ),
      );
      expect(JSON.stringify(viewers.json)).not.toMatch(/Site survey|Fine|"by"/);
      expect(owners.json.items.at(-1)).toMatchObject({ by: 'r1', comment: 'Fine' });
      expect(owners.headers['cache-control']).toBe('private, no-store');
      expect(viewers.headers['cache-control']).toBe('private, no-store');
    });

    it('returns 400 for a cursor of another project', async () => {
      const one = await aCreatedProject();
      const other = await aCreatedProject();
      await patch(one.id, { name: 'Renamed' }, one.submitter, '"1"');
      const page = await history(one.id, one.submitter, { limit: '1' });

      const result = await history(other.id, other.submitter, { limit: '1', cursor: page.json.nextCursor });

      expect(result.statusCode).toBe(400);
    });
  });

  describe('GET /projects', () => {
    it('lists a submitter its own organisation’s projects, newest first', async () => {
      const submitter = submitterClaims(unique('org'));
      const first = await create(aProjectBody(), submitter);
      const second = await create(aProjectBody({ technology: 'hydrogen' }), submitter);

      const all = await list(submitter, { orgId: submitter['custom:orgId'] as string });
      const filtered = await list(submitter, {
        orgId: submitter['custom:orgId'] as string,
        technology: 'hydrogen',
      });

      expect(all.statusCode).toBe(200);
      expect(new Set(all.json.items.map((p: { id: string }) => p.id))).toEqual(
        new Set([first.json.id, second.json.id]),
      );
      expect(filtered.json.items.map((p: { id: string }) => p.id)).toEqual([second.json.id]);
    });
  });

  describe('GET /projects as CSV (the export)', () => {
    /** Reads every page of the export by following `Link: <…>; rel="next"`, as a client would. */
    async function exportAll(claims: Record<string, string>, query: Record<string, string>) {
      const pages = [];
      let next: Record<string, string> | undefined = query;
      while (next) {
        const page = await list(claims, next);
        expect(page.statusCode).toBe(200);
        pages.push(page);
        const link = /^<\/projects\?([^>]*)>; rel="next"$/.exec(page.headers.link ?? '');
        next = link ? Object.fromEntries(new URLSearchParams(link[1])) : undefined;
      }
      return pages;
    }

    it('writes the import template’s columns, and importing the file as the owner changes nothing', async () => {
      const submitter = submitterClaims(unique('org'));
      const orgId = submitter['custom:orgId'] as string;
      const ids: string[] = [];
      for (const name of ['=HYPERLINK("http://evil.test","x")', 'Plain name', '-12 MW retrofit']) {
        const body = aProjectBody({
          name,
          location: { subdivision: 'JP-01', lat: -0.5, lon: 141.25, accuracy: 'exact' },
          investments: [
            {
              investorCountry: 'US',
              amount: 1250.5,
              currency: 'USD',
              committedOn: '2024-05-01',
              instrument: 'debt',
            },
          ],
        });
        ids.push((await create(body, submitter)).json.id);
      }
      const before = await Promise.all(ids.map((id) => getProject(id, submitter)));

      const pages = await exportAll(submitter, { orgId, format: 'csv', limit: '2' });

      expect(pages).toHaveLength(2);
      expect(pages[0]?.headers['content-type']).toMatch(/^text\/csv/);
      expect(pages[0]?.headers['cache-control']).toBe('private, no-store');
      const tables = pages.map((page) => parseCsv(page.json));
      for (const table of tables) expect(table.columns).toEqual(importColumns);
      const text = pages.map((page) => page.json).join('');
      expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
      expect(text).toContain(`"'-12 MW retrofit"`);
      expect(text).toContain(',-0.5,141.25,');
      for (const page of pages) {
        const imported = await importCsv(page.json, submitter);
        expect(imported.json.counts).toMatchObject({ created: 0, rejected: 0 });
      }
      const after = await Promise.all(ids.map((id) => getProject(id, submitter)));
      expect(after.map((r) => r.json)).toEqual(before.map((r) => r.json));
      for (const id of ids) expect((await history(id, submitter)).json.items).toHaveLength(1);
    });

    it('answers Accept: text/csv with CSV, within the caller’s visibility and filters', async () => {
      const submitter = submitterClaims(unique('org'));
      const orgId = submitter['custom:orgId'] as string;
      const accepted = await create(aProjectBody({ technology: 'hydrogen' }), submitter);
      await action(
        accepted.json.id,
        'review',
        { decision: 'accepted', comment: 'Fine' },
        reviewerClaims(),
        '"1"',
      );
      await create(aProjectBody({ technology: 'hydrogen', name: 'Not yet accepted' }), submitter);

      const viewers = await read({
        path: '/projects',
        query: { orgId, technology: 'hydrogen' },
        headers: { accept: 'text/csv' },
        claims: viewerClaims(),
      });
      const owners = await read({
        path: '/projects',
        query: { orgId, technology: 'hydrogen' },
        headers: { accept: 'text/csv' },
        claims: submitter,
      });

      expect(viewers.headers['content-type']).toMatch(/^text\/csv/);
      expect(parseCsv(viewers.json).records.map((r) => r.name)).toEqual([accepted.json.name]);
      expect(parseCsv(owners.json).records).toHaveLength(2);
    });

    it('refuses an unknown format with 400 naming it', async () => {
      const result = await list(viewerClaims(), { format: 'xlsx' });

      expect(result.statusCode).toBe(400);
      expect(result.json.errors).toEqual([expect.objectContaining({ path: 'format' })]);
    });
  });

  describe('Idempotency-Key on POST /projects', () => {
    it('replays the first response to an identical request and creates one project', async () => {
      const submitter = submitterClaims(unique('org'));
      const body = aProjectBody();
      const key = unique('key');

      const first = await create(body, submitter, { 'idempotency-key': key });
      const second = await create(body, submitter, { 'idempotency-key': key });

      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(second.statusCode).toBe(201);
      expect(second.json).toEqual(first.json);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.headers.location).toBe(first.headers.location);
      expect(second.headers.etag).toBe('"1"');
      const listed = await list(reviewerClaims(), { orgId: submitter['custom:orgId'] as string });
      expect(listed.json.items.map((p: { id: string }) => p.id)).toEqual([first.json.id]);
    });

    it('replays regardless of the order of the body’s keys', async () => {
      const submitter = submitterClaims(unique('org'));
      const body = aProjectBody();
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const key = unique('key');

      const first = await create(body, submitter, { 'idempotency-key': key });
      const second = await create(reordered, submitter, { 'idempotency-key': key });

      expect(second.statusCode).toBe(201);
      expect(second.json.id).toBe(first.json.id);
    });

    it('returns 422 for the same key with a different body, and creates nothing more', async () => {
      const submitter = submitterClaims(unique('org'));
      const key = unique('key');
      const first = await create(aProjectBody(), submitter, { 'idempotency-key': key });

      const second = await create(aProjectBody({ name: 'Different' }), submitter, { 'idempotency-key': key });

      expect(second.statusCode).toBe(422);
      expect(second.json.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
      const listed = await list(reviewerClaims(), { orgId: submitter['custom:orgId'] as string });
      expect(listed.json.items.map((p: { id: string }) => p.id)).toEqual([first.json.id]);
    });

    it('keeps keys of different callers apart', async () => {
      const key = unique('key');
      const { externalRefs: _withoutRefs, ...body } = aProjectBody();
      const first = await create(body, submitterClaims(unique('org'), 'caller-1'), {
        'idempotency-key': key,
      });

      const second = await create(body, submitterClaims(unique('org'), 'caller-2'), {
        'idempotency-key': key,
      });

      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(second.json.id).not.toBe(first.json.id);
    });

    it('does not store a failed request: the key can be used again once the body is fixed', async () => {
      const submitter = submitterClaims(unique('org'));
      const key = unique('key');
      const invalid = { ...aProjectBody(), name: '' };

      const refused = await create(invalid, submitter, { 'idempotency-key': key });
      const again = await create(invalid, submitter, { 'idempotency-key': key });

      expect(refused.statusCode).toBe(422);
      expect(again.statusCode).toBe(422);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  describe('POST /projects/import', () => {
    function csvOf(rows: readonly Readonly<Record<string, string>>[]): string {
      return toCsv(
        importColumns,
        rows.map((row) => importColumns.map((column) => row[column] ?? '')),
      );
    }

    function aRow(overrides: Record<string, string> = {}): Record<string, string> {
      return {
        name: 'Imported solar partnership',
        summary: 'Imported from the partner spreadsheet.',
        technology: 'solar_pv',
        programs: 'jucip;selectusa',
        hostCountry: 'US',
        locationAccuracy: 'approximate',
        capacityValue: '80',
        capacityUnit: 'MW',
        status: 'construction',
        statusEffectiveDate: '2025-01-15',
        participant1Name: 'Sun Developer LLC',
        participant1Country: 'US',
        participant1Role: 'developer',
        participant2Name: 'Kansai Solar KK',
        participant2Country: 'JP',
        participant2Role: 'investor',
        investment1InvestorCountry: 'JP',
        investment1Amount: '2500000',
        investment1Currency: 'USD',
        investment1CommittedOn: '2024-09-01',
        investment1Instrument: 'equity',
        externalRef1System: 'eia',
        externalRef1Id: unique('EIA'),
        ...overrides,
      };
    }

    it('creates the rows, and a second identical import updates the same projects', async () => {
      const submitter = submitterClaims(unique('org'));
      const csv = csvOf([aRow(), aRow({ name: 'Imported storage project', technology: 'storage' })]);

      const first = await importCsv(csv, submitter);
      const second = await importCsv(csv, submitter);

      expect(first.statusCode).toBe(200);
      expect(first.json.counts).toEqual({ created: 2, updated: 0, rejected: 0 });
      expect(first.json.results).toEqual([
        { row: 1, outcome: 'created', id: expect.any(String) },
        { row: 2, outcome: 'created', id: expect.any(String) },
      ]);
      expect(second.statusCode).toBe(200);
      expect(second.json.counts).toEqual({ created: 0, updated: 2, rejected: 0 });
      expect(second.json.results).toEqual(
        first.json.results.map((r: { row: number; id: string }) => ({ ...r, outcome: 'updated' })),
      );
      const stored = await getProject(first.json.results[1].id, submitter);
      expect(stored.json).toMatchObject({
        name: 'Imported storage project',
        technology: 'storage',
        programs: ['jucip', 'selectusa'],
        status: 'construction',
        capacity: { value: 80, unit: 'MW' },
        investments: [expect.objectContaining({ amount: 2_500_000, usdAmount: 2_500_000 })],
        version: 1,
      });
    });

    it('updates the fields of a project matched on its external reference', async () => {
      const submitter = submitterClaims(unique('org'));
      const row = aRow();
      const first = await importCsv(csvOf([row]), submitter);

      const second = await importCsv(
        csvOf([{ ...row, name: 'Renamed on re-import', capacityValue: '', capacityUnit: '' }]),
        submitter,
      );

      expect(second.json.results).toEqual([{ row: 1, outcome: 'updated', id: first.json.results[0].id }]);
      const stored = await getProject(first.json.results[0].id, submitter);
      expect(stored.json.name).toBe('Renamed on re-import');
      expect(stored.json.capacity).toBeUndefined();
      expect(stored.headers.etag).toBe('"2"');
    });

    it('rejects a bad row naming its CSV column and imports the others', async () => {
      const submitter = submitterClaims(unique('org'));
      const csv = csvOf([aRow({ participant2Country: 'XX' }), aRow()]);

      const result = await importCsv(csv, submitter);

      expect(result.statusCode).toBe(200);
      expect(result.json.counts).toEqual({ created: 1, updated: 0, rejected: 1 });
      expect(result.json.results[0]).toMatchObject({
        row: 1,
        outcome: 'rejected',
        errors: expect.arrayContaining([expect.objectContaining({ path: 'participant2Country' })]),
      });
    });
  });

  describe('GET /projects/import/template', () => {
    it('returns a CSV whose header is the import columns', async () => {
      const result = await read({ path: '/projects/import/template', claims: submitterClaims() });

      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toMatch(/^text\/csv/);
      expect(parseCsv(result.json).columns).toEqual(importColumns);
    });

    it('has an example row the import reads as a valid project, numbers written as numbers', async () => {
      const result = await read({ path: '/projects/import/template', claims: submitterClaims() });

      const { records } = parseCsv(result.json);
      expect(records).toHaveLength(1);
      expect(projectCreateSchema.safeParse(bodyFromCsvRecord(records[0] ?? {})).error?.issues ?? []).toEqual(
        [],
      );
      expect(result.json).toContain(',400,MW,');
    });

    it('is refused (403) to a token with no role, like every other route', async () => {
      const result = await read({ path: '/projects/import/template', claims: { sub: 'no-role' } });

      expect(result.statusCode).toBe(403);
    });
  });
});
