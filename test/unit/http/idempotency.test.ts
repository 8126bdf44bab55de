import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentClient, dynamoClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { idempotencyHash } from '../../../shared/adapters/dynamodb/idempotency-table.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { idempotent } from '../../../shared/http/idempotency.ts';
import { json } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

type Item = Record<string, unknown>;

const dynamo = mockClient(documentClient);

/**
 * The idempotency table (PutItem only if absent, expired, or in progress past its deadline; UpdateItem
 * and DeleteItem only while the claim is the caller's; GetItem), kept in memory so that a test can
 * watch one request find another's record. As in DynamoDB, a comparison with a missing attribute is
 * false. `returnsOldItem: false` answers a failed put without the item, as a table that cannot
 * return it would, so that the store reads it instead.
 */
function idempotencyTable({ returnsOldItem = true } = {}) {
  const items = new Map<string, Item>();
  const idOf = (key: Item | undefined) => String(key?.id);
  const numberOf = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const lessThan = (a: unknown, b: unknown) =>
    numberOf(a) !== undefined && numberOf(b) !== undefined && Number(a) < Number(b);
  const conditionFailed = (existing?: Item) =>
    new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      // As the wire gives it: the document client does not unmarshall a failed condition's item.
      ...(existing && returnsOldItem ? { Item: marshall(existing, { removeUndefinedValues: true }) } : {}),
    });
  /** `#claim = :claim`, the only condition the store puts on an update or a delete. */
  const claimHolds = (
    existing: Item | undefined,
    input: { ConditionExpression?: string; ExpressionAttributeValues?: Item },
  ) =>
    input.ConditionExpression === undefined ||
    (input.ConditionExpression === '#claim = :claim' &&
      existing !== undefined &&
      existing.claim_id === input.ExpressionAttributeValues?.[':claim']);

  dynamo.on(PutCommand).callsFake(async (input) => {
    const existing = items.get(idOf(input.Item));
    const values = input.ExpressionAttributeValues ?? {};
    const expired = lessThan(existing?.expiration, values[':now']);
    const inProgressExpired =
      existing?.status === 'INPROGRESS' &&
      lessThan(existing.in_progress_expiration, values[':now_in_millis']);
    if (existing && !expired && !inProgressExpired) throw conditionFailed(existing);
    items.set(idOf(input.Item), structuredClone(input.Item ?? {}));
    return {};
  });
  dynamo.on(UpdateCommand).callsFake(async (input) => {
    const existing = items.get(idOf(input.Key));
    if (!claimHolds(existing, input)) throw conditionFailed(existing);
    const item: Item = { ...existing, ...input.Key };
    const [set = '', remove = ''] = (input.UpdateExpression ?? '').split(' REMOVE ');
    for (const assignment of set.replace(/^SET /, '').split(', ')) {
      const [name = '', value = ''] = assignment.split(' = ');
      const attribute = input.ExpressionAttributeNames?.[name];
      const attributeValue = input.ExpressionAttributeValues?.[value];
      if (attribute && attributeValue !== undefined) item[attribute] = structuredClone(attributeValue);
    }
    for (const name of remove.split(', ').filter(Boolean))
      delete item[input.ExpressionAttributeNames?.[name] ?? name];
    items.set(idOf(input.Key), item);
    return {};
  });
  dynamo.on(DeleteCommand).callsFake(async (input) => {
    const existing = items.get(idOf(input.Key));
    if (!claimHolds(existing, input)) throw conditionFailed(existing);
    items.delete(idOf(input.Key));
    return {};
  });
  dynamo.on(GetCommand).callsFake(async (input) => {
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
    await vi.waitFor(() => expect(dynamo.commandCalls(PutCommand).length).toBeGreaterThanOrEqual(3));
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
    await vi.waitFor(() => expect(dynamo.commandCalls(PutCommand).length).toBeGreaterThanOrEqual(3));

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
    dynamo.on(PutCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const { handler, work, finish } = heldRoute();
    finish();

    const result = await post(handler, { a: 1 }, 'key-throttled');

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(work).not.toHaveBeenCalled();
  });
});

describe('Idempotency records', () => {
  beforeEach(() => {
    dynamo.reset();
  });
  afterEach(() => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  });

  /** Powertools idempotency's own key and body hashes, for the configuration this module replaced. */
  async function powertoolsHashes(input: { key: string; caller: string; route: string; body: unknown }) {
    const { IdempotencyConfig } = await import('@aws-lambda-powertools/idempotency');
    const { DynamoDBPersistenceLayer } = await import('@aws-lambda-powertools/idempotency/dynamodb');
    class Exposed extends DynamoDBPersistenceLayer {
      hashes(data: typeof input) {
        return {
          id: this.getHashedIdempotencyKey(data as never),
          validation: (this as unknown as { getHashedPayload(d: unknown): string }).getHashedPayload(data),
        };
      }
    }
    const layer = new Exposed({ tableName: 'idempotency', awsSdkV3Client: dynamoClient });
    layer.configure({
      config: new IdempotencyConfig({
        eventKeyJmesPath: '[key, caller, route]',
        payloadValidationJmesPath: 'body',
      }),
    });
    return layer.hashes(input);
  }

  it('writes the record id and body hash Powertools wrote, so records from before the switch still answer', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'jucip-test-projects-write';
    const items = idempotencyTable();
    const { handler, finish } = heldRoute();
    finish();
    const body = { b: [{ z: 1, A: 'x', a: null }], a: 'ü', Nested: { y: 2, x: 1 } };

    await post(handler, body, 'key-compatible');

    const [stored] = [...items.values()];
    expect(stored).toMatchObject(
      await powertoolsHashes({ key: 'key-compatible', caller: 'u1', route: 'POST /things', body }),
    );
    expect(stored?.status).toBe('COMPLETED');
  });

  it.each([
    ['no body', ''],
    ['a CSV body', 'projectId,period\r\nP1,2025-01\r\n'],
    ['a body with a __proto__ key', JSON.parse('{"__proto__": {"x": 1}, "b": 2, "a": [{"Z": 1, "y": 2}]}')],
    ['a body of mixed-case keys', { ab: 1, AB: 2, Ab: 3, b: 4 }],
  ])('hashes %s as Powertools did', async (_case, body) => {
    const { validation } = await powertoolsHashes({ key: 'k', caller: 'u1', route: 'POST /things', body });
    expect(idempotencyHash(body)).toBe(validation);
  });

  it('replays a record Powertools completed', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'jucip-test-projects-write';
    const items = idempotencyTable();
    const { handler, work, finish } = heldRoute();
    finish();
    const body = { a: 1 };
    const { id, validation } = await powertoolsHashes({
      key: 'key-old',
      caller: 'u1',
      route: 'POST /things',
      body,
    });
    const response = {
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"old":true}',
    };
    items.set(id, {
      id,
      status: 'COMPLETED',
      expiration: Date.now() / 1000 + 60,
      validation,
      data: response,
    });

    const result = await post(handler, body, 'key-old');

    expect(result.statusCode).toBe(201);
    expect(result.json).toEqual({ old: true });
    expect(result.headers['idempotent-replayed']).toBe('true');
    expect(work).not.toHaveBeenCalled();
  });

  it('gives the key up when the request fails, so that a retry runs it afresh', async () => {
    const items = idempotencyTable();
    let failures = 1;
    const work = vi.fn(async () => {
      if (failures-- > 0) throw new Error('boom');
      return json(201, { ok: true });
    });
    const handler = httpHandler<string>({
      'POST /things': { bodyTypes: ['application/json'], handler: idempotent(work) },
    });

    const failed = await post(handler, { a: 1 }, 'key-retry');
    expect(items.size).toBe(0);
    const retried = await post(handler, { a: 1 }, 'key-retry');

    expect(failed.statusCode).toBe(500);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('lets a retry claim a key whose first request died past its deadline', async () => {
    const items = idempotencyTable();
    const { handler, work, finish } = heldRoute();
    finish();
    await post(handler, { a: 1 }, 'key-dead');
    const [[id, record] = []] = [...items];
    // The first invocation as if it had died mid-request: still in progress, its deadline passed.
    items.set(String(id), {
      ...record,
      status: 'INPROGRESS',
      in_progress_expiration: Date.now() - 1,
      data: undefined,
    });

    const retried = await post(handler, { a: 1 }, 'key-dead');

    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(work).toHaveBeenCalledTimes(2);
  });
});

describe('Idempotency records when the store or the clock misbehave', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

  /** A route that answers each run with its own number; run n is held until `finish(n)`. */
  function numberedRoute() {
    const gates = new Map<number, () => void>();
    const opened = new Map<number, Promise<void>>();
    const gate = (run: number) => {
      if (!opened.has(run)) opened.set(run, new Promise<void>((resolve) => gates.set(run, resolve)));
      return opened.get(run) as Promise<void>;
    };
    let runs = 0;
    const work = vi.fn(async () => {
      const run = ++runs;
      await gate(run);
      return json(201, { run });
    });
    const handler = httpHandler<string>({
      'POST /things': { bodyTypes: ['application/json'], handler: idempotent(work) },
    });
    const finish = (run: number) => {
      void gate(run);
      gates.get(run)?.();
    };
    return { handler, work, finish };
  }

  it('reads the record when the failed write does not return it, and replays it', async () => {
    idempotencyTable({ returnsOldItem: false });
    const { handler, work, finish } = heldRoute();
    finish();

    const first = await post(handler, { a: 1 }, 'key-read-back');
    const second = await post(handler, { a: 1 }, 'key-read-back');

    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json).toEqual(first.json);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('answers 503, not 500, when that read is throttled', async () => {
    idempotencyTable({ returnsOldItem: false });
    const { handler, finish } = heldRoute();
    finish();
    await post(handler, { a: 1 }, 'key-read-throttled');
    dynamo.on(GetCommand).rejects(throttled());

    const result = await post(handler, { a: 1 }, 'key-read-throttled');

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
  });

  it('answers the route’s own response when keeping it for replay fails (the write is done)', async () => {
    const items = idempotencyTable();
    dynamo.on(UpdateCommand).rejects(throttled());
    const { handler, finish } = heldRoute();
    finish();

    const result = await post(handler, { a: 1 }, 'key-not-kept');

    expect(result.statusCode).toBe(201);
    expect(result.headers['idempotent-replayed']).toBeUndefined();
    expect([...items.values()][0]?.status).toBe('INPROGRESS');
  });

  it('answers the route’s own error when giving the key up fails', async () => {
    idempotencyTable();
    dynamo.on(DeleteCommand).rejects(throttled());
    const handler = httpHandler<string>({
      'POST /things': {
        bodyTypes: ['application/json'],
        handler: idempotent(async () => {
          throw new ValidationError([{ path: 'a', message: 'Not a valid a' }]);
        }),
      },
    });

    const result = await post(handler, { a: 1 }, 'key-release-fails');

    expect(result.statusCode).toBe(422);
    expect(result.json.errors).toEqual([{ path: 'a', message: 'Not a valid a' }]);
  });

  it('runs the route again once the kept response has expired', async () => {
    const items = idempotencyTable();
    const { handler, work, finish } = heldRoute();
    finish();
    await post(handler, { a: 1 }, 'key-expired');
    const [[id, record] = []] = [...items];
    items.set(String(id), { ...record, expiration: Math.floor(Date.now() / 1000) - 1 });

    const again = await post(handler, { a: 1 }, 'key-expired');

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('keeps the retry’s response when a retry took the key over from a request past its deadline', async () => {
    const items = idempotencyTable();
    const { handler, work, finish } = numberedRoute();
    const first = post(handler, { a: 1 }, 'key-taken-over');
    await vi.waitFor(() => expect(work).toHaveBeenCalledTimes(1));
    const [[id, record] = []] = [...items];
    items.set(String(id), { ...record, in_progress_expiration: Date.now() - 1 });
    const retry = post(handler, { a: 1 }, 'key-taken-over');
    await vi.waitFor(() => expect(work).toHaveBeenCalledTimes(2));

    // The retry finishes first, then the late request: its response must not replace the retry's.
    finish(2);
    const taken = await retry;
    finish(1);
    const late = await first;

    // Each request gets its own answer; the record keeps the retry's, which the late one cannot overwrite.
    expect(late.json).toEqual({ run: 1 });
    expect(taken.json).toEqual({ run: 2 });
    const replayed = await post(handler, { a: 1 }, 'key-taken-over');
    expect(replayed.json).toEqual({ run: 2 });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
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
