import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as readHandler } from '../../../functions/projects-read/handler.ts';
import { handler as writeHandler } from '../../../functions/projects-write/handler.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { acceptedItem, projectItem } from '../../../shared/adapters/dynamodb/projects-table.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../../support/events.ts';
import { aProjectBody, submitterClaims } from '../../support/project-bodies.ts';
import { aProject } from '../domain/factories.ts';

const dynamo = mockClient(documentClient);

const project = aProject();
const owner = submitterClaims(project.orgId);

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

async function patch(body: unknown, ifMatch = `"${project.version}"`) {
  const options: EventOptions = {
    method: 'PATCH',
    path: `/projects/${project.id}`,
    route: '/projects/{id}',
    pathParameters: { id: project.id },
    headers: { 'content-type': 'application/merge-patch+json', 'if-match': ifMatch },
    body: JSON.stringify(body),
    claims: owner,
  };
  return readResult(await writeHandler(httpEvent(options), lambdaContext()));
}

async function getProject() {
  const options: EventOptions = {
    path: `/projects/${project.id}`,
    route: '/projects/{id}',
    pathParameters: { id: project.id },
    claims: owner,
  };
  return readResult(await readHandler(httpEvent(options), lambdaContext()));
}

async function create() {
  const options: EventOptions = {
    method: 'POST',
    path: '/projects',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aProjectBody()),
    claims: owner,
  };
  return readResult(await writeHandler(httpEvent(options), lambdaContext()));
}

function expectUnavailable(result: ReturnType<typeof readResult>) {
  expect(result.statusCode).toBe(503);
  expect(result.headers['retry-after']).toBe('5');
  expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(result.json).toMatchObject({ status: 503, title: 'Service unavailable' });
  expect(JSON.stringify(result.json)).not.toMatch(/Throttl|Provisioned|Transaction|unit-projects/);
}

describe('project routes when DynamoDB refuses', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: projectItem(project) });
  });

  describe('PATCH /projects/{id}', () => {
    it('writes the next version conditionally on the version read', async () => {
      dynamo.on(TransactWriteCommand).resolves({});

      const result = await patch({ name: 'Renamed' });

      expect(result.statusCode).toBe(200);
      expect(result.headers.etag).toBe('"2"');
      const [put] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(put?.Put).toMatchObject({
        TableName: 'unit-projects',
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeValues: { ':expected': 1 },
        Item: expect.objectContaining({ version: 2, name: 'Renamed' }),
      });
    });

    it('returns 412 when the project changed between the read and the write', async () => {
      dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

      const result = await patch({ name: 'Renamed' });

      expect(result.statusCode).toBe(412);
      expect(result.json).toMatchObject({ status: 412, title: 'Precondition failed' });
    });

    it('returns 409 naming the external reference that belongs to another project', async () => {
      dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

      const result = await patch({ externalRefs: [{ system: 'verra', id: 'VCS-1234' }] });

      expect(result.statusCode).toBe(409);
      expect(result.json.detail).toContain('verra:VCS-1234');
    });

    it('returns 503 with Retry-After when the transaction conflicts with another one', async () => {
      dynamo.on(TransactWriteCommand).rejects(transactionConflict());

      expectUnavailable(await patch({ name: 'Renamed' }));
    });

    it('answers 412 or 503, never 500, when a concurrent transaction cancels the write', async () => {
      dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

      const result = await patch({ name: 'Renamed' });

      expect([412, 503]).toContain(result.statusCode);
    });

    it('returns 503 with Retry-After when the read is throttled', async () => {
      dynamo.on(GetCommand).rejects(throttled());

      expectUnavailable(await patch({ name: 'Renamed' }));
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  describe('POST /projects', () => {
    it('returns 409 when the external reference is already claimed', async () => {
      dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

      const result = await create();

      expect(result.statusCode).toBe(409);
    });

    it('returns 503 with Retry-After when the write is throttled', async () => {
      dynamo.on(TransactWriteCommand).rejects(throttled());

      expectUnavailable(await create());
    });
  });

  describe('GET /projects/{id}', () => {
    it('returns 503 with Retry-After on ThrottlingException', async () => {
      dynamo.on(GetCommand).rejects(throttled());

      expectUnavailable(await getProject());
    });

    it('returns 503 with Retry-After on ProvisionedThroughputExceededException', async () => {
      dynamo.on(GetCommand).rejects(overProvisioned());

      expectUnavailable(await getProject());
    });

    it('returns 503 when DynamoDB cannot be reached', async () => {
      dynamo
        .on(GetCommand)
        .rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

      expectUnavailable(await getProject());
    });

    it('returns a 500 problem that reveals nothing for an unexpected error', async () => {
      dynamo.on(GetCommand).rejects(new Error('AccessDeniedException on table unit-projects'));

      const result = await getProject();

      expect(result.statusCode).toBe(500);
      expect(result.json.detail).toBe('An unexpected error occurred');
      expect(JSON.stringify(result.json)).not.toContain('unit-projects');
    });
  });

  describe('GET /projects', () => {
    it('returns 503 with Retry-After when a query is throttled', async () => {
      dynamo.on(QueryCommand).rejects(throttled());
      const options: EventOptions = { path: '/projects', claims: owner };

      expectUnavailable(readResult(await readHandler(httpEvent(options), lambdaContext())));
    });
  });
});

describe('GET /projects/{id} of a project with a pending revision', () => {
  const acceptedVersion = { ...aProject({ reviewState: 'accepted', version: 2 }), acceptedVersion: 2 };
  const pending = {
    ...acceptedVersion,
    reviewState: 'submitted' as const,
    version: 3,
    capacity: { value: 150, unit: 'MW' as const },
    pendingChanges: ['capacity.value'],
    revisionAuthors: ['u1'],
  };

  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: projectItem(pending) });
    dynamo
      .on(TransactGetCommand)
      .resolves({ Responses: [{ Item: projectItem(pending) }, { Item: acceptedItem(acceptedVersion) }] });
  });

  async function getAs(claims: Record<string, string>) {
    const options: EventOptions = {
      path: `/projects/${pending.id}`,
      route: '/projects/{id}',
      pathParameters: { id: pending.id },
      claims,
    };
    return readResult(await readHandler(httpEvent(options), lambdaContext()));
  }

  it('reads the project and its accepted version in one transactional read, and serves a viewer the accepted one', async () => {
    const result = await getAs({ sub: 'v1', 'cognito:groups': '[viewer]' });

    expect(result.statusCode).toBe(200);
    expect(result.headers.etag).toBe('"2"');
    expect(result.json).toMatchObject({ version: 2, reviewState: 'accepted', capacity: { value: 120 } });
    const keys = dynamo
      .commandCalls(TransactGetCommand)[0]
      ?.args[0].input.TransactItems?.map((i) => i.Get?.Key);
    expect(keys).toEqual([
      { pk: `PROJECT#${pending.id}`, sk: 'PROJECT' },
      { pk: `PROJECT#${pending.id}`, sk: 'PROJECT#ACCEPTED' },
    ]);
  });

  it('serves the owning organisation the current record', async () => {
    const result = await getAs(submitterClaims(pending.orgId));

    expect(result.json).toMatchObject({ version: 3, acceptedVersion: 2, pendingChanges: ['capacity.value'] });
  });

  it('answers 503, not 500, when the transactional read is throttled', async () => {
    dynamo.on(TransactGetCommand).rejects(throttled());

    expectUnavailable(await getAs({ sub: 'v1', 'cognito:groups': '[viewer]' }));
  });
});
