/**
 * Throttling and other SDK faults DynamoDB Local cannot produce, injected with aws-sdk-client-mock
 * into the real handlers: reads pass through to the suite's DynamoDB Local, and every write (or,
 * in a second pass, every read) fails with the fault. Each write route, under each fault, must
 * answer 503 with Retry-After as a problem document, never 500, and write nothing. (Route-specific
 * outcomes such as 409/412 for failed conditions are unit-tested in test/unit/functions/.)
 * That the SDK retries these faults with backoff before giving up is proved in sdk-retries.test.ts.
 */
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { runningRun } from '../../shared/domain/indicator-runs/manual.ts';
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
  todayUtc,
  unique,
} from '../support/project-bodies.ts';
import { registerOrganisation } from '../support/registered-organisations.ts';
import { Tally } from './support/collector.ts';
import { dumpTables, expectUnchanged } from './support/database.ts';

process.env.INDICATOR_JOB_FUNCTION_NAME ??= 'jucip-local-indicator-job';
process.env.LAMBDA_ENDPOINT ??= 'http://127.0.0.1:9';

const { handler: projectsWrite } = await import('../../functions/projects-write/handler.ts');
const { handler: projectsImport } = await import('../../functions/projects-import/handler.ts');
const { handler: metricsWrite } = await import('../../functions/metrics-write/handler.ts');
const { handler: referenceAdmin } = await import('../../functions/reference-admin/handler.ts');
const { handler: indicatorsAdmin } = await import('../../functions/indicators-admin/handler.ts');

type Handler = (event: never, context: never) => Promise<unknown>;

const tally = new Tally('SDK faults (aws-sdk-client-mock)');
afterAll(() => tally.flush());

const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code });
const timeout = () =>
  Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
const cancelled = (code: string) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${code}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: [{ Code: code }, { Code: 'None' }, { Code: 'None' }],
  });

const faults: ReadonlyArray<readonly [string, () => Error]> = [
  [
    'ThrottlingException',
    () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }),
  ],
  [
    'ProvisionedThroughputExceededException',
    () =>
      new ProvisionedThroughputExceededException({ message: 'Exceeded', $metadata: { httpStatusCode: 400 } }),
  ],
  [
    'RequestLimitExceeded',
    () => new RequestLimitExceeded({ message: 'Limit', $metadata: { httpStatusCode: 400 } }),
  ],
  [
    'TransactionConflictException',
    () => new TransactionConflictException({ message: 'Conflict', $metadata: { httpStatusCode: 400 } }),
  ],
  ['TransactionCanceled: TransactionConflict', () => cancelled('TransactionConflict')],
  ['TransactionCanceled: ThrottlingError', () => cancelled('ThrottlingError')],
  [
    'InternalServerError',
    () => new InternalServerError({ message: 'Internal', $metadata: { httpStatusCode: 500 } }),
  ],
  ['ECONNREFUSED', () => networkError('ECONNREFUSED')],
  ['ECONNRESET', () => networkError('ECONNRESET')],
  ['TimeoutError', timeout],
];

const writeCommands = [
  PutCommand,
  UpdateCommand,
  DeleteCommand,
  TransactWriteCommand,
  BatchWriteCommand,
] as const;
const readCommands = [GetCommand, QueryCommand, ScanCommand, BatchGetCommand, TransactGetCommand] as const;

/** A real client to DynamoDB Local for the calls that pass through the mock. */
const real = createDocumentClient(process.env.DYNAMODB_ENDPOINT);

const org = unique('rel-sdk');
const owner = submitterClaims(org, `owner-${org}`);
const period = monthsAgo(2);
let projectId = '';
let pendingId = '';
let factorId = '';

interface Route {
  readonly name: string;
  readonly handler: Handler;
  readonly event: () => EventOptions;
}

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const routes: Route[] = [
  {
    name: 'POST /projects',
    handler: projectsWrite as Handler,
    event: () => ({ method: 'POST', path: '/projects', ...json(aProjectBody()), claims: owner }),
  },
  {
    name: 'POST /projects (Idempotency-Key)',
    handler: projectsWrite as Handler,
    event: () => ({
      method: 'POST',
      path: '/projects',
      headers: { 'content-type': 'application/json', 'idempotency-key': unique('k') },
      body: JSON.stringify(aProjectBody()),
      claims: owner,
    }),
  },
  {
    name: 'POST /projects/import',
    handler: projectsImport as Handler,
    event: () => ({
      method: 'POST',
      path: '/projects/import',
      ...json([aProjectBody(), aProjectBody()]),
      claims: owner,
    }),
  },
  {
    name: 'PATCH /projects/{id}',
    handler: projectsWrite as Handler,
    event: () => ({
      method: 'PATCH',
      path: `/projects/${projectId}`,
      route: '/projects/{id}',
      pathParameters: { id: projectId },
      headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"2"' },
      body: JSON.stringify({ name: 'Renamed' }),
      claims: owner,
    }),
  },
  {
    name: 'POST /projects/{id}/status',
    handler: projectsWrite as Handler,
    event: () => ({
      method: 'POST',
      path: `/projects/${projectId}/status`,
      route: '/projects/{id}/status',
      pathParameters: { id: projectId },
      headers: { 'content-type': 'application/json', 'if-match': '"2"' },
      body: JSON.stringify({ status: 'feasibility', effectiveDate: todayUtc() }),
      claims: owner,
    }),
  },
  {
    name: 'POST /projects/{id}/review',
    handler: projectsWrite as Handler,
    event: () => ({
      method: 'POST',
      path: `/projects/${pendingId}/review`,
      route: '/projects/{id}/review',
      pathParameters: { id: pendingId },
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ decision: 'accepted', comment: 'Fine.' }),
      claims: reviewerClaims(),
    }),
  },
  {
    name: 'PUT /projects/{id}/metrics/{period} (first)',
    handler: metricsWrite as Handler,
    event: () => ({
      method: 'PUT',
      path: `/projects/${projectId}/metrics/${monthsAgo(3)}`,
      route: '/projects/{id}/metrics/{period}',
      pathParameters: { id: projectId, period: monthsAgo(3) },
      ...json(aReportBody()),
      claims: owner,
    }),
  },
  {
    name: 'PUT /projects/{id}/metrics/{period} (restatement)',
    handler: metricsWrite as Handler,
    event: () => ({
      method: 'PUT',
      path: `/projects/${projectId}/metrics/${period}`,
      route: '/projects/{id}/metrics/{period}',
      pathParameters: { id: projectId, period },
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify(aReportBody({ generationMwh: 999 })),
      claims: owner,
    }),
  },
  {
    name: 'POST /projects/{id}/metrics/{period}/verification',
    handler: metricsWrite as Handler,
    event: () => ({
      method: 'POST',
      path: `/projects/${projectId}/metrics/${period}/verification`,
      route: '/projects/{id}/metrics/{period}/verification',
      pathParameters: { id: projectId, period },
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ decision: 'verified', comment: 'Checked.' }),
      claims: reviewerClaims(),
    }),
  },
  {
    name: 'PUT /emission-factors/{id} (new)',
    handler: referenceAdmin as Handler,
    event: () => {
      const id = aFactorId();
      return {
        method: 'PUT',
        path: `/emission-factors/${id}`,
        route: '/emission-factors/{id}',
        pathParameters: { id },
        ...json(aFactorBody()),
        claims: adminClaims(),
      };
    },
  },
  {
    name: 'PUT /emission-factors/{id} (new version)',
    handler: referenceAdmin as Handler,
    event: () => ({
      method: 'PUT',
      path: `/emission-factors/${factorId}`,
      route: '/emission-factors/{id}',
      pathParameters: { id: factorId },
      ...json(aFactorBody({ tco2PerMwh: 0.5 })),
      claims: adminClaims(),
    }),
  },
  {
    name: 'PUT /fx-rates/{currency}/{year}',
    handler: referenceAdmin as Handler,
    event: () => ({
      method: 'PUT',
      path: '/fx-rates/EUR/2021',
      route: '/fx-rates/{currency}/{year}',
      pathParameters: { currency: 'EUR', year: '2021' },
      ...json(anFxRateBody({ usdPerUnit: 1.18 })),
      claims: adminClaims(),
    }),
  },
  {
    name: 'POST /indicators/runs',
    handler: indicatorsAdmin as Handler,
    event: () => ({ method: 'POST', path: '/indicators/runs', claims: adminClaims() }),
  },
];

async function invoke(route: Route) {
  return readResult(await route.handler(httpEvent(route.event()) as never, lambdaContext() as never));
}

const dynamo = mockClient(documentClient);
afterAll(() => dynamo.restore());

beforeAll(async () => {
  // Fixtures written through the real handlers, with no fault: a project accepted (version 2), a report, a factor.
  dynamo.restore();
  // Projects need a registered organisation (docs/machine-clients.md).
  await registerOrganisation(org);
  const created = readResult(
    await (projectsWrite as Handler)(
      httpEvent({ method: 'POST', path: '/projects', ...json(aProjectBody()), claims: owner }) as never,
      lambdaContext() as never,
    ),
  );
  expect(created.statusCode).toBe(201);
  projectId = created.json.id;
  const pending = readResult(
    await (projectsWrite as Handler)(
      httpEvent({ method: 'POST', path: '/projects', ...json(aProjectBody()), claims: owner }) as never,
      lambdaContext() as never,
    ),
  );
  expect(pending.statusCode).toBe(201);
  pendingId = pending.json.id;
  const reviewed = readResult(
    await (projectsWrite as Handler)(
      httpEvent({
        method: 'POST',
        path: `/projects/${projectId}/review`,
        route: '/projects/{id}/review',
        pathParameters: { id: projectId },
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ decision: 'accepted', comment: 'Fine.' }),
        claims: reviewerClaims(),
      }) as never,
      lambdaContext() as never,
    ),
  );
  expect(reviewed.statusCode).toBe(200);
  const report = readResult(
    await (metricsWrite as Handler)(
      httpEvent({
        method: 'PUT',
        path: `/projects/${projectId}/metrics/${period}`,
        route: '/projects/{id}/metrics/{period}',
        pathParameters: { id: projectId, period },
        ...json(aReportBody()),
        claims: owner,
      }) as never,
      lambdaContext() as never,
    ),
  );
  expect(report.statusCode).toBe(201);
  factorId = aFactorId();
  const factor = readResult(
    await (referenceAdmin as Handler)(
      httpEvent({
        method: 'PUT',
        path: `/emission-factors/${factorId}`,
        route: '/emission-factors/{id}',
        pathParameters: { id: factorId },
        ...json(aFactorBody()),
        claims: adminClaims(),
      }) as never,
      lambdaContext() as never,
    ),
  );
  expect(factor.statusCode).toBe(201);
  // One indicator run at a time: a run an earlier file left running would make the admin route
  // answer 409 before it writes anything. Those runs are marked failed, so the route reaches its writes.
  const runs = new DynamoIndicatorRunStore(real, tableName('indicators'));
  const failedAt = new Date().toISOString();
  let running = await runningRun(runs, failedAt);
  for (let i = 0; running && i < 20; i++, running = await runningRun(runs, failedAt)) {
    await runs.fail(running.runId, 'Ended by the SDK-faults fixture', failedAt);
  }
  expect(running).toBeUndefined();
});

function passReadsThrough() {
  for (const command of readCommands) {
    // biome-ignore lint/suspicious/noExplicitAny: each command's input type is its own
    dynamo.on(command as any).callsFake((input: any) => real.send(new (command as any)(input)));
  }
}

describe('SDK faults on every write route', () => {
  it.each(faults)(
    '%s on the writes: 503 with Retry-After, never 500, nothing written',
    async (faultName, fault) => {
      const before = await dumpTables();
      for (const route of routes) {
        dynamo.reset();
        passReadsThrough();
        for (const command of writeCommands)
          dynamo.on(command as never).callsFake(() => Promise.reject(fault()));
        const result = await invoke(route);
        tally.add('requestsTried');
        tally.add('faultsInjected');
        const context = `${route.name} under ${faultName}: ${result.statusCode} ${JSON.stringify(result.json).slice(0, 200)}`;
        // Reads pass through, so a route may legitimately stop before writing (e.g. the restated
        // figures equal the stored ones); what it may never do is answer 500.
        expect(result.statusCode, context).not.toBe(500);
        expect(result.statusCode, context).toBe(503);
        expect(result.headers['retry-after'], context).toMatch(/^\d+$/);
        expect(result.headers['content-type'], context).toBe('application/problem+json; charset=utf-8');
        expect(result.json, context).toMatchObject({ status: 503, title: 'Service unavailable' });
        expect(JSON.stringify(result.json), context).not.toMatch(/Exception|Throttl|ECONN|jucip-local/);
      }
      dynamo.reset();
      expectUnchanged(before, await dumpTables(), faultName);
      tally.add('databaseDumpsCompared');
    },
  );

  it.each(faults)('%s on the reads: 503 with Retry-After, never 500', async (faultName, fault) => {
    for (const route of routes) {
      dynamo.reset();
      for (const command of [...readCommands, ...writeCommands])
        dynamo.on(command as never).callsFake(() => Promise.reject(fault()));
      const result = await invoke(route);
      tally.add('requestsTried');
      tally.add('faultsInjected');
      const context = `${route.name} under ${faultName}: ${result.statusCode} ${JSON.stringify(result.json).slice(0, 200)}`;
      expect(result.statusCode, context).toBe(503);
      expect(result.headers['retry-after'], context).toMatch(/^\d+$/);
    }
    dynamo.reset();
  });
});
