import { randomBytes } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ThrottlingException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { idempotent } from '../../../shared/http/idempotency.ts';
import { json } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

type Item = Record<string, AttributeValue>;

const dynamo = mockClient(dynamoClient);

/**
 * The idempotency table as Powertools uses it (PutItem only if absent or expired, UpdateItem SET,
 * DeleteItem, GetItem), kept in memory so that a test can watch one request find another's record.
 */
function idempotencyTable() {
  const items = new Map<string, Item>();
  const idOf = (key: Item | undefined) => String(key?.id?.S);
  const numberOf = (value: AttributeValue | undefined) =>
    value?.N === undefined ? undefined : Number(value.N);

  dynamo.on(PutItemCommand).callsFake(async (input) => {
    const existing = items.get(idOf(input.Item));
    const values = input.ExpressionAttributeValues ?? {};
    const expired = (numberOf(existing?.expiration) ?? 0) < (numberOf(values[':now']) ?? 0);
    const inProgressExpired =
      existing?.status?.S === 'INPROGRESS' &&
      (numberOf(existing.in_progress_expiration) ?? Number.POSITIVE_INFINITY) <
        (numberOf(values[':now_in_millis']) ?? 0);
    if (existing && !expired && !inProgressExpired) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: existing,
      });
    }
    items.set(idOf(input.Item), input.Item ?? {});
    return {};
  });
  dynamo.on(UpdateItemCommand).callsFake(async (input) => {
    const item = { ...items.get(idOf(input.Key)), ...input.Key };
    const assignments = (input.UpdateExpression ?? '').replace(/^SET /, '').split(', ');
    for (const assignment of assignments) {
      const [name = '', value = ''] = assignment.split(' = ');
      const attribute = input.ExpressionAttributeNames?.[name];
      const attributeValue = input.ExpressionAttributeValues?.[value];
      if (attribute && attributeValue) item[attribute] = attributeValue;
    }
    items.set(idOf(input.Key), item);
    return {};
  });
  dynamo.on(DeleteItemCommand).callsFake(async (input) => {
    items.delete(idOf(input.Key));
    return {};
  });
  dynamo.on(GetItemCommand).callsFake(async (input) => {
    const item = items.get(idOf(input.Key));
    return item ? { Item: item } : {};
  });
  return items;
}

/** A route whose work the test holds open until it calls `finish`. */
function heldRoute() {
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const work = vi.fn(async (body: unknown) => {
    await finished;
    return json(201, { created: body, run: work.mock.calls.length });
  });
  const handler = httpHandler<string>({
    'POST /things': {
      bodyTypes: ['application/json'],
      handler: idempotent(async ({ body }) => work(body)),
    },
  });
  return { handler, work, finish };
}

function post(handler: ReturnType<typeof heldRoute>['handler'], body: unknown, key?: string) {
  const event = httpEvent({
    method: 'POST',
    path: '/things',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    claims: { sub: 'u1', 'cognito:groups': '[submitter]', 'custom:orgId': 'org-a' },
  });
  return handler(event, lambdaContext()).then(readResult);
}

describe('Idempotency-Key', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the route without touching the store when no key is sent', async () => {
    const { handler, finish } = heldRoute();
    finish();

    const result = await post(handler, { a: 1 });

    expect(result.statusCode).toBe(201);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('returns 400 for a key that is not visible ASCII', async () => {
    const { handler, finish, work } = heldRoute();
    finish();

    const result = await post(handler, { a: 1 }, 'has space');

    expect(result.statusCode).toBe(400);
    expect(work).not.toHaveBeenCalled();
  });

  it('replays the stored response with Idempotent-Replayed and runs the route once', async () => {
    idempotencyTable();
    const { handler, work, finish } = heldRoute();
    finish();

    const first = await post(handler, { a: 1 }, 'key-replay');
    const second = await post(handler, { a: 1 }, 'key-replay');

    expect(second.statusCode).toBe(first.statusCode);
    expect(second.json).toEqual(first.json);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('returns 422 for the same key with another body', async () => {
    idempotencyTable();
    const { handler, work, finish } = heldRoute();
    finish();
    await post(handler, { a: 1 }, 'key-other-body');

    const result = await post(handler, { a: 2 }, 'key-other-body');

    expect(result.statusCode).toBe(422);
    expect(result.json.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('makes a duplicate wait while the first request runs, then replays its response', async () => {
    idempotencyTable();
    const { handler, work, finish } = heldRoute();
    const first = post(handler, { a: 1 }, 'key-wait');
    await vi.waitFor(() => expect(work).toHaveBeenCalledTimes(1));

    const duplicate = post(handler, { a: 1 }, 'key-wait');
    await vi.waitFor(() => expect(dynamo.commandCalls(PutItemCommand).length).toBeGreaterThanOrEqual(3));
    finish();

    const [original, replayed] = await Promise.all([first, duplicate]);
    expect(original.statusCode).toBe(201);
    expect(replayed.statusCode).toBe(201);
    expect(replayed.json).toEqual(original.json);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('returns 409 when the first request is still running after the wait', async () => {
    idempotencyTable();
    const { handler, work, finish } = heldRoute();
    const first = post(handler, { a: 1 }, 'key-still-running');
    await vi.waitFor(() => expect(work).toHaveBeenCalledTimes(1));
    const duplicateStarted = Date.now();
    const duplicate = post(handler, { a: 1 }, 'key-still-running');
    await vi.waitFor(() => expect(dynamo.commandCalls(PutItemCommand).length).toBeGreaterThanOrEqual(3));

    // The duplicate polls on real timers; setting the clock past its 8 s deadline (yet inside the
    // first request's 10 s in-progress window) ends its wait without the test waiting 8 s.
    vi.setSystemTime(duplicateStarted + 8_500);
    const result = await duplicate;

    expect(result.statusCode).toBe(409);
    expect(result.json).toMatchObject({ status: 409, title: 'Conflict' });
    expect(work).toHaveBeenCalledTimes(1);
    finish();
    expect((await first).statusCode).toBe(201);
  });

  it('returns 503 with Retry-After, not 500, when the idempotency store is throttled', async () => {
    dynamo.on(PutItemCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const { handler, work, finish } = heldRoute();
    finish();

    const result = await post(handler, { a: 1 }, 'key-throttled');

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(work).not.toHaveBeenCalled();
  });
});

describe('Idempotency-Key with a large response', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('keeps a 5,000-row import result within one DynamoDB item and replays it exactly', async () => {
    const items = idempotencyTable();
    // What a 5,000-row import answers: every row created, each with a fresh project id.
    const results = Array.from({ length: 5_000 }, (_, i) => ({
      row: i + 1,
      outcome: 'created',
      projectId: `01JXKQ${randomBytes(10).toString('hex').toUpperCase().slice(0, 20)}`,
      period: `20${String(10 + (Math.floor(i / 12) % 15))}-${String((i % 12) + 1).padStart(2, '0')}`,
      revision: 1,
    }));
    const body = { results, counts: { created: 5_000, restated: 0, unchanged: 0, rejected: 0 } };
    const work = vi.fn(async () => json(200, body));
    const handler = httpHandler<string>({
      'POST /things': { bodyTypes: ['application/json'], handler: idempotent(work) },
    });

    const first = await post(handler, { a: 1 }, 'key-large');
    const replayed = await post(handler, { a: 1 }, 'key-large');

    expect(JSON.stringify(body).length).toBeGreaterThan(400 * 1024);
    const [stored] = [...items.values()];
    const storedBytes = JSON.stringify(stored).length;
    expect(storedBytes).toBeLessThan(400 * 1024);
    expect(first.json).toEqual(body);
    expect(replayed.json).toEqual(body);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
