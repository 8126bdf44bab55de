import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as metricsWriteHandler } from '../../../functions/metrics-write/handler.ts';
import { handler as projectsReadHandler } from '../../../functions/projects-read/handler.ts';
import { handler as referenceAdminHandler } from '../../../functions/reference-admin/handler.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { projectItem } from '../../../shared/adapters/dynamodb/projects-table.ts';
import { type MetricReport, submitReport } from '../../../shared/domain/metrics/report.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../../support/events.ts';
import { adminClaims, aFactorBody, aReportBody } from '../../support/metric-bodies.ts';
import { reviewerClaims, submitterClaims } from '../../support/project-bodies.ts';
import { aProject } from '../domain/factories.ts';
import { aFactor, aSubmitContext } from '../domain/metrics/metric-factories.ts';

const dynamo = mockClient(documentClient);

const project = aProject();
const owner = submitterClaims(project.orgId);
const period = '2025-05';

/** Revision 1 of the project's May 2025 report, as stored. */
const stored: MetricReport = submitReport(aReportBody(), aSubmitContext({ project, period })).report;

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const throttled = () =>
  new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} });
const overProvisioned = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded',
    $metadata: {},
  });
const transactionConflict = () =>
  new TransactionConflictException({
    message: 'Transaction is ongoing for the item',
    $metadata: { httpStatusCode: 400 },
  });
const unreachable = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

/** The month's report is stored (`report`) or not (undefined). */
function monthHolds(report: MetricReport | undefined) {
  dynamo
    .on(GetCommand, { TableName: 'unit-metrics' })
    .resolves(
      report ? { Item: { pk: `PROJECT#${report.projectId}`, sk: `LATEST#${report.period}`, ...report } } : {},
    );
}

async function putReport(body: unknown, ifMatch?: string) {
  const options: EventOptions = {
    method: 'PUT',
    path: `/projects/${project.id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id: project.id, period },
    headers: {
      'content-type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
    },
    body: JSON.stringify(body),
    claims: owner,
  };
  return readResult(await metricsWriteHandler(httpEvent(options), lambdaContext()));
}

async function verify(ifMatch = `"${stored.version}"`) {
  const options: EventOptions = {
    method: 'POST',
    path: `/projects/${project.id}/metrics/${period}/verification`,
    route: '/projects/{id}/metrics/{period}/verification',
    pathParameters: { id: project.id, period },
    headers: { 'content-type': 'application/json', 'if-match': ifMatch },
    body: JSON.stringify({ decision: 'verified', comment: 'Checked against the meter readings' }),
    claims: reviewerClaims(),
  };
  return readResult(await metricsWriteHandler(httpEvent(options), lambdaContext()));
}

async function getReport() {
  const options: EventOptions = {
    path: `/projects/${project.id}/metrics/${period}`,
    route: '/projects/{id}/metrics/{period}',
    pathParameters: { id: project.id, period },
    claims: owner,
  };
  return readResult(await projectsReadHandler(httpEvent(options), lambdaContext()));
}

async function listReports() {
  const options: EventOptions = {
    path: `/projects/${project.id}/metrics`,
    route: '/projects/{id}/metrics',
    pathParameters: { id: project.id },
    query: { from: '2025-01' },
    claims: owner,
  };
  return readResult(await projectsReadHandler(httpEvent(options), lambdaContext()));
}

async function putFactor(id = 'jp-national-2023') {
  const options: EventOptions = {
    method: 'PUT',
    path: `/emission-factors/${id}`,
    route: '/emission-factors/{id}',
    pathParameters: { id },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aFactorBody({ tco2PerMwh: 0.5 })),
    claims: adminClaims(),
  };
  return readResult(await referenceAdminHandler(httpEvent(options), lambdaContext()));
}

const restatement = () => putReport(aReportBody({ generationMwh: 1_500 }), `"${stored.version}"`);
const firstSubmission = () => putReport(aReportBody());

function transactItems() {
  return dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
}

function expectUnavailable(result: ReturnType<typeof readResult>) {
  expect(result.statusCode).toBe(503);
  expect(result.headers['retry-after']).toBe('5');
  expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(result.json).toMatchObject({ status: 503, title: 'Service unavailable' });
  expect(JSON.stringify(result.json)).not.toMatch(/Throttl|Provisioned|Transaction|ECONN|unit-metrics/);
}

describe('metrics routes when DynamoDB refuses', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand, { TableName: 'unit-projects' }).resolves({ Item: projectItem(project) });
  });

  describe('PUT /projects/{id}/metrics/{period}, first report of a month', () => {
    it('writes revision 1 and the latest copy, each only if the month has none', async () => {
      monthHolds(undefined);
      dynamo.on(TransactWriteCommand).resolves({});

      const result = await firstSubmission();

      expect(result.statusCode).toBe(201);
      expect(result.headers.etag).toBe('"1"');
      const [revision, latest] = transactItems();
      expect(revision?.Put).toMatchObject({
        TableName: 'unit-metrics',
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: expect.objectContaining({ sk: `REV#${period}#00000001`, revision: 1, version: 1 }),
      });
      expect(latest?.Put).toMatchObject({
        TableName: 'unit-metrics',
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: expect.objectContaining({ sk: `LATEST#${period}`, revision: 1, version: 1 }),
      });
    });

    it('returns 409 when another first report of the month landed between the read and the write', async () => {
      monthHolds(undefined);
      dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'));

      const result = await firstSubmission();

      expect(result.statusCode).toBe(409);
      expect(result.json).toMatchObject({ status: 409 });
      expect(result.json.detail).toContain('If-Match');
    });
  });

  describe('PUT /projects/{id}/metrics/{period}, restatement', () => {
    it('writes the next revision conditionally on the version read', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).resolves({});

      const result = await restatement();

      expect(result.statusCode).toBe(200);
      expect(result.headers.etag).toBe('"2"');
      const [latest, revision] = transactItems();
      expect(latest?.Put).toMatchObject({
        TableName: 'unit-metrics',
        ConditionExpression: '#version = :expected',
        ExpressionAttributeValues: { ':expected': 1 },
        Item: expect.objectContaining({ sk: `LATEST#${period}`, revision: 2, version: 2 }),
      });
      expect(revision?.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: expect.objectContaining({ sk: `REV#${period}#00000002`, generationMwh: 1_500 }),
      });
    });

    it('returns 412 when the month changed between the read and the write', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

      const result = await restatement();

      expect(result.statusCode).toBe(412);
      expect(result.json).toMatchObject({ status: 412, title: 'Precondition failed' });
    });

    it('returns 412 when another restatement already wrote the next revision', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));

      expect((await restatement()).statusCode).toBe(412);
    });

    it('writes nothing for a repeat of the stored figures', async () => {
      monthHolds(stored);

      const result = await putReport(aReportBody(), `"${stored.version}"`);

      expect(result.statusCode).toBe(200);
      expect(result.json).toEqual(stored);
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  describe('POST /projects/{id}/metrics/{period}/verification', () => {
    it('returns 412 when the month changed between the read and the write', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'));

      const result = await verify();

      expect(result.statusCode).toBe(412);
      const [latest, revision] = transactItems();
      expect(latest?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
      expect(revision?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
      expect(revision?.Put?.Item).toMatchObject({ sk: `REV#${period}#00000001`, version: 2 });
    });
  });

  describe('throttling and outages', () => {
    it('returns 503 with Retry-After when reading the month is throttled, and writes nothing', async () => {
      dynamo.on(GetCommand, { TableName: 'unit-metrics' }).rejects(throttled());

      expectUnavailable(await restatement());
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('returns 503 with Retry-After when reading the project is throttled', async () => {
      dynamo.on(GetCommand, { TableName: 'unit-projects' }).rejects(overProvisioned());

      expectUnavailable(await firstSubmission());
    });

    it('returns 503 with Retry-After when GET of a report is throttled', async () => {
      dynamo.on(GetCommand, { TableName: 'unit-metrics' }).rejects(throttled());

      expectUnavailable(await getReport());
    });

    it('returns 503 with Retry-After when listing reports is throttled', async () => {
      dynamo.on(QueryCommand).rejects(throttled());

      expectUnavailable(await listReports());
    });

    it('returns 503 with Retry-After when the write is throttled or conflicts with another transaction', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).rejectsOnce(throttled()).rejectsOnce(transactionConflict());

      expectUnavailable(await restatement());
      expectUnavailable(await restatement());
    });

    it('returns 503 when a concurrent transaction cancels the write', async () => {
      monthHolds(stored);
      dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

      expectUnavailable(await restatement());
    });
  });

  describe('never a 500 for a database refusal', () => {
    const faults = {
      throttled,
      overProvisioned,
      transactionConflict,
      unreachable,
      conditionFailed: () => cancelled('ConditionalCheckFailed', 'None'),
      bothConditionsFailed: () => cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'),
      cancelledByConflict: () => cancelled('None', 'TransactionConflict'),
    };
    const routes = {
      'first submission': firstSubmission,
      restatement,
      verification: () => verify(),
    };

    for (const [faultName, fault] of Object.entries(faults)) {
      for (const [routeName, route] of Object.entries(routes)) {
        it(`answers ${routeName} with 409, 412 or 503 when the write fails with ${faultName}`, async () => {
          monthHolds(routeName === 'first submission' ? undefined : stored);
          dynamo.on(TransactWriteCommand).rejects(fault());

          const result = await route();

          expect([409, 412, 503]).toContain(result.statusCode);
          expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        });
      }
    }
  });
});

describe('reference-data writes when DynamoDB refuses', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand, { TableName: 'unit-reference' }).resolves({ Item: aFactor() });
  });

  it('returns 412 when another admin changed the factor between the read and the write', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    const result = await putFactor();

    expect(result.statusCode).toBe(412);
    const [current] = transactItems();
    expect(current?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
  });

  it('returns 503 with Retry-After when reading the factor is throttled', async () => {
    dynamo.on(GetCommand, { TableName: 'unit-reference' }).rejects(throttled());

    expectUnavailable(await putFactor());
  });
});
