import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as importHandler } from '../../functions/metrics-import/handler.ts';
import { handler as metricsWriteHandler } from '../../functions/metrics-write/handler.ts';
import { handler as projectsReadHandler } from '../../functions/projects-read/handler.ts';
import { handler as projectsWriteHandler } from '../../functions/projects-write/handler.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { importMetricReports, metricsImportColumns } from '../../shared/domain/metrics/import.ts';
import type { ReportWrite } from '../../shared/domain/metrics/ports.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import { toCsv } from '../../shared/http/csv.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectBody, submitterClaims, unique, viewerClaims } from '../support/project-bodies.ts';
import { registerOrganisation } from '../support/registered-organisations.ts';

const json = { 'content-type': 'application/json' };
type Claims = Record<string, string>;
type Handler = (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof lambdaContext>) => unknown;

async function call(handler: Handler, options: EventOptions) {
  return readResult(await handler(httpEvent(options), lambdaContext()));
}

function postImport(body: string, claims: Claims, headers: Record<string, string> = json) {
  return call(importHandler, { method: 'POST', path: '/metrics/import', headers, body, claims });
}

function putReport(id: string, period: string, body: unknown, claims: Claims, ifMatch?: string) {
  return call(metricsWriteHandler, {
    method: 'PUT',
    path: `/projects/${id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id, period },
    headers: { ...json, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
    body: JSON.stringify(body),
    claims,
  });
}

/** A project of a fresh (registered) organisation, under construction since 18 months ago, with one external reference. */
async function aProject() {
  const orgId = unique('org');
  const submitter = submitterClaims(orgId, unique('submitter'));
  const ref = { system: 'other', id: unique('REF') } as const;
  await registerOrganisation(orgId);
  const created = await call(projectsWriteHandler, {
    method: 'POST',
    path: '/projects',
    headers: json,
    body: JSON.stringify(
      aProjectBody({
        status: 'construction',
        statusEffectiveDate: `${monthsAgo(18)}-15`,
        externalRefs: [ref],
      }),
    ),
    claims: submitter,
  });
  expect(created.statusCode).toBe(201);
  const principal: Principal = { subject: submitter.sub ?? '', roles: ['submitter'], orgId };
  return { id: created.json.id as string, submitter, principal, ref };
}

/** Every stored item of a project's month: its revision items and its latest copy. */
async function itemsOf(projectId: string, period: string) {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName('metrics'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `PROJECT#${projectId}` },
      ConsistentRead: true,
    }),
  );
  const ofMonth = Items.filter(
    (item) => String(item.sk).includes(`#${period}`) || item.sk === `LATEST#${period}`,
  );
  return {
    revisions: ofMonth.filter((i) => String(i.sk).startsWith('REV#')).map((i) => Number(i.revision)),
    latest: ofMonth.find((i) => String(i.sk).startsWith('LATEST#')),
  };
}

const rowsFor = (projectId: string, months: readonly string[], generationMwh = 1_200) =>
  months.map((period) => ({ projectId, period, ...aReportBody({ generationMwh }) }));

const months = (count: number) => Array.from({ length: count }, (_, i) => monthsAgo(i + 1));

/** The import over the real tables, with a repository whose writes a test can precede with its own. */
function importWith(beforeWrite: () => Promise<void>) {
  class RacedRepository extends DynamoMetricsRepository {
    override async writeMany(writes: readonly ReportWrite[]) {
      await beforeWrite();
      return super.writeMany(writes);
    }
  }
  const projects = new DynamoProjectRepository(documentClient, tableName('projects'));
  const metrics = new RacedRepository(documentClient, tableName('metrics'));
  const reference = new DynamoReferenceRepository(documentClient, tableName('reference'));
  const documents = new DynamoDocumentRepository(documentClient, tableName('projects'));
  const service = new MetricsService({
    projects,
    metrics,
    reference,
    documents,
    now: () => new Date().toISOString(),
  });
  return { service, projects, metrics, reference };
}

describe('POST /metrics/import against DynamoDB Local', () => {
  it('creates, then answers unchanged without writing, then restates what differs', async () => {
    const project = await aProject();
    const rows = rowsFor(project.id, months(12));

    const first = await postImport(JSON.stringify(rows), project.submitter);
    const again = await postImport(JSON.stringify(rows), project.submitter);
    const restated = await postImport(
      JSON.stringify([...rowsFor(project.id, months(1), 999), ...rows.slice(1)]),
      project.submitter,
    );

    expect(first.statusCode).toBe(200);
    expect(first.json.counts).toEqual({ created: 12, restated: 0, unchanged: 0, rejected: 0 });
    expect(again.json.counts).toEqual({ created: 0, restated: 0, unchanged: 12, rejected: 0 });
    expect(restated.json.counts).toEqual({ created: 0, restated: 1, unchanged: 11, rejected: 0 });
    expect(await itemsOf(project.id, monthsAgo(1))).toMatchObject({
      revisions: [1, 2],
      latest: { revision: 2, version: 2, generationMwh: 999 },
    });
    expect((await itemsOf(project.id, monthsAgo(2))).revisions).toEqual([1]);
  });

  it('reads CSV, matches rows on external references, and rejects a bad row by number', async () => {
    const project = await aProject();
    const line = (cells: Record<string, string>) => metricsImportColumns.map((c) => cells[c] ?? '');
    const base = { tonnesCO2: '12.5', baselineMethod: 'explicit', baselineTco2e: '450', dataQuality: '2' };
    const csv = toCsv(metricsImportColumns, [
      line({
        ...base,
        externalRefSystem: project.ref.system,
        externalRefId: project.ref.id,
        period: monthsAgo(1),
      }),
      line({ ...base, projectId: project.id, period: monthsAgo(2), dataQuality: 'good' }),
      line({ ...base, projectId: project.id, period: monthsAgo(3) }),
    ]);

    const result = await postImport(csv, project.submitter, { 'content-type': 'text/csv' });

    expect(result.statusCode).toBe(200);
    expect(result.json.results).toEqual([
      { row: 1, outcome: 'created', projectId: project.id, period: monthsAgo(1), revision: 1 },
      {
        row: 2,
        outcome: 'rejected',
        projectId: project.id,
        period: monthsAgo(2),
        errors: [{ path: 'dataQuality', message: expect.any(String) }],
      },
      { row: 3, outcome: 'created', projectId: project.id, period: monthsAgo(3), revision: 1 },
    ]);
  });

  it('answers another organisation’s project like an unknown one, and writes nothing to it', async () => {
    const mine = await aProject();
    const theirs = await aProject();

    const result = await postImport(
      JSON.stringify([
        ...rowsFor(theirs.id, months(1)),
        { ...rowsFor(theirs.id, months(1))[0], projectId: undefined, externalRef: theirs.ref },
        {
          ...rowsFor(theirs.id, months(1))[0],
          projectId: undefined,
          externalRef: { system: 'other', id: unique('NONE') },
        },
      ]),
      mine.submitter,
    );

    const [byId, byRef, byUnknownRef] = result.json.results as Record<string, unknown>[];
    expect(byId).toMatchObject({ outcome: 'rejected', errors: [{ path: 'projectId' }] });
    expect({ ...byRef, row: 0 }).toEqual({ ...byUnknownRef, row: 0 });
    expect((await itemsOf(theirs.id, monthsAgo(1))).revisions).toEqual([]);
  });

  it('replays the first answer for the same Idempotency-Key and writes nothing more', async () => {
    const project = await aProject();
    const body = JSON.stringify(rowsFor(project.id, months(6)));
    const headers = { ...json, 'idempotency-key': randomUUID() };

    const first = await postImport(body, project.submitter, headers);
    const replay = await postImport(body, project.submitter, headers);

    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json).toEqual(first.json);
    expect(first.json.counts.created).toBe(6);
  });

  it('takes a body above the API’s 256 KiB default and refuses one above its own limit with 413', async () => {
    const project = await aProject();
    const rows = rowsFor(project.id, months(12));
    const padded = JSON.stringify(rows).padEnd(300 * 1024, ' ');
    const tooLarge = JSON.stringify(rows).padEnd(4 * 1024 * 1024 + 1, ' ');

    const accepted = await postImport(padded, project.submitter);
    const refused = await postImport(tooLarge, project.submitter);

    expect(accepted.statusCode).toBe(200);
    expect(refused.statusCode).toBe(413);
    expect(refused.json.detail).toContain(String(4 * 1024 * 1024));
  });

  it('serves the CSV template to submitters, and refuses viewers', async () => {
    const project = await aProject();
    const template = await call(projectsReadHandler, {
      path: '/metrics/import/template',
      claims: project.submitter,
    });
    const viewer = await call(projectsReadHandler, {
      path: '/metrics/import/template',
      claims: viewerClaims(),
    });

    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toContain('text/csv');
    expect(String(template.json).split('\r\n')[0]).toBe(metricsImportColumns.join(','));
    expect(viewer.statusCode).toBe(403);
  });

  it('rejects the row of a month a PUT restated between the import’s read and its write', async () => {
    const project = await aProject();
    const [raced, other] = months(2) as [string, string];
    await postImport(JSON.stringify(rowsFor(project.id, [raced, other])), project.submitter);
    const deps = importWith(async () => {
      const put = await putReport(
        project.id,
        raced,
        aReportBody({ generationMwh: 5_000 }),
        project.submitter,
        '"1"',
      );
      expect(put.statusCode).toBe(200);
    });

    const result = await importMetricReports(deps, project.principal, [
      { body: rowsFor(project.id, [raced], 7_000)[0] },
      { body: rowsFor(project.id, [other], 7_000)[0] },
    ]);

    expect(result.results[0]).toMatchObject({ outcome: 'rejected', errors: [{ path: 'period' }] });
    expect(result.results[1]).toMatchObject({ outcome: 'restated', revision: 2 });
    expect(await itemsOf(project.id, raced)).toMatchObject({
      revisions: [1, 2],
      latest: { revision: 2, generationMwh: 5_000 },
    });
  });

  it('lets exactly one of an import and concurrent PUTs restate each month, leaving nothing half-written', async () => {
    const project = await aProject();
    const raced = months(20);
    await postImport(JSON.stringify(rowsFor(project.id, raced)), project.submitter);

    const [imported, ...puts] = await Promise.all([
      postImport(JSON.stringify(rowsFor(project.id, raced, 2_000)), project.submitter),
      ...raced.map((period) =>
        putReport(project.id, period, aReportBody({ generationMwh: 3_000 }), project.submitter, '"1"'),
      ),
    ]);

    for (const [i, period] of raced.entries()) {
      const row = imported.json.results[i] as { outcome: string; revision?: number };
      const putWon = puts[i]?.statusCode === 200;
      const importWon = row.outcome === 'restated';
      // Each side either stored a revision or was refused (412, or a rejected row); none is lost.
      expect(putWon || puts[i]?.statusCode === 412).toBe(true);
      expect(importWon || row.outcome === 'rejected').toBe(true);
      expect(putWon || importWon).toBe(true);
      const { revisions, latest } = await itemsOf(project.id, period);
      const written = Number(putWon) + Number(importWon);
      expect(revisions).toEqual(Array.from({ length: 1 + written }, (_, r) => r + 1));
      // When both got through, the import read the PUT's revision first (it came after, in full).
      if (putWon && importWon) expect(row.revision).toBe(3);
      expect(latest).toMatchObject({
        revision: 1 + written,
        generationMwh: importWon ? 2_000 : 3_000,
      });
    }
  });
});
