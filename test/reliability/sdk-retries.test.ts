/**
 * Throttling and transaction conflicts below the SDK's retry middleware: the functions' own DynamoDB
 * client (its real retry configuration) gets a request handler that answers some calls with
 * DynamoDB's throttling or conflict error responses and passes the rest to DynamoDB Local. A few
 * faults are retried away with backoff and the write succeeds once; persistent faults are retried
 * up to the configured attempts, with growing waits, and then become a 503 with Retry-After, never
 * a 500. A failed condition is not retried. No network: the faults are made up in process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { type EventOptions, httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { aProjectBody, submitterClaims, unique } from '../support/project-bodies.ts';
import { registerOrganisation } from '../support/registered-organisations.ts';
import { Tally } from './support/collector.ts';
import { dumpTables, expectUnchanged } from './support/database.ts';

const tally = new Tally('SDK retries (injected HTTP faults)');
afterAll(() => tally.flush());

type Handle = (request: { headers: Record<string, string> }, options?: unknown) => Promise<unknown>;

interface Plan {
  /** Which operations (x-amz-target suffixes) to fault. */
  readonly operations: readonly string[];
  /** How many faults to answer for each operation before passing it through (Infinity: always). */
  readonly faultsPerCall: number;
  readonly body: () => Record<string, unknown>;
}

const errorType = (name: string) => `com.amazonaws.dynamodb.v20120810#${name}`;
const throttling = () => ({
  __type: errorType('ThrottlingException'),
  message: 'Rate of requests exceeds the allowed throughput.',
});
const provisioned = () => ({
  __type: errorType('ProvisionedThroughputExceededException'),
  message: 'The level of configured provisioned throughput for the table was exceeded.',
});
const conflict = () => ({
  __type: errorType('TransactionConflictException'),
  message: 'Transaction is ongoing for the item',
});
const cancelledFor =
  (...codes: string[]) =>
  () => ({
    __type: errorType('TransactionCanceledException'),
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const original = dynamoClient.config.requestHandler as unknown as { handle: Handle };
let plan: Plan | undefined;
/** Attempt times per operation while a plan is active. */
let attempts: Array<{ operation: string; at: number; faulted: boolean }> = [];
let faultedSoFar = 0;

// The functions' module-scoped client: its handlers are built on first use, so the swap must come first.
(dynamoClient.config as unknown as { requestHandler: { handle: Handle } }).requestHandler = {
  handle: async (request, options) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (plan?.operations.includes(operation)) {
      const faulted = faultedSoFar < plan.faultsPerCall;
      attempts.push({ operation, at: performance.now(), faulted });
      if (faulted) {
        faultedSoFar += 1;
        tally.add('faultsInjected');
        return {
          response: {
            statusCode: 400,
            reason: 'Bad Request',
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': unique('req') },
            body: new TextEncoder().encode(JSON.stringify(plan.body())),
          },
        };
      }
      faultedSoFar = 0;
    }
    return original.handle(request, options);
  },
};

const { handler: projectsWrite } = await import('../../functions/projects-write/handler.ts');

const org = unique('rel-retry');
const owner = submitterClaims(org, `owner-${org}`);
let projectId = '';
let version = 1;

async function invoke(options: EventOptions) {
  tally.add('requestsTried');
  return readResult(await projectsWrite(httpEvent(options) as never, lambdaContext()));
}
const create = () =>
  invoke({
    method: 'POST',
    path: '/projects',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aProjectBody()),
    claims: owner,
  });
const patch = (name: string) =>
  invoke({
    method: 'PATCH',
    path: `/projects/${projectId}`,
    route: '/projects/{id}',
    pathParameters: { id: projectId },
    headers: { 'content-type': 'application/merge-patch+json', 'if-match': `"${version}"` },
    body: JSON.stringify({ name }),
    claims: owner,
  });

beforeAll(async () => {
  // Projects need a registered organisation (docs/machine-clients.md); no plan is active yet.
  await registerOrganisation(org);
  const created = await create();
  expect(created.statusCode).toBe(201);
  projectId = created.json.id;
});

function withPlan(next: Plan) {
  plan = next;
  attempts = [];
  faultedSoFar = 0;
}

function gaps(): number[] {
  return attempts.slice(1).map((a, i) => a.at - (attempts[i]?.at ?? a.at));
}

const faults: ReadonlyArray<readonly [string, () => Record<string, unknown>]> = [
  ['ThrottlingException', throttling],
  ['ProvisionedThroughputExceededException', provisioned],
  ['TransactionConflictException', conflict],
  ['TransactionCanceledException [TransactionConflict, None]', cancelledFor('TransactionConflict', 'None')],
  ['TransactionCanceledException [ThrottlingError]', cancelledFor('ThrottlingError')],
];

describe('the functions’ DynamoDB client under throttling and transaction conflicts', () => {
  it.each(faults)('retries %s twice with backoff and then succeeds once', async (_name, body) => {
    withPlan({ operations: ['TransactWriteItems'], faultsPerCall: 2, body });
    const result = await patch(`Retried ${unique('n')}`);
    plan = undefined;
    expect(result.statusCode, JSON.stringify(result.json)).toBe(200);
    version = result.json.version;
    expect(attempts.map((a) => a.faulted)).toEqual([true, true, false]);
    // The faults are made up in process, so without a backoff the attempts would be a millisecond
    // or two apart; the SDK's full-jitter backoff (500 ms base for throttling) waits far longer.
    expect(gaps().reduce((sum, gap) => sum + gap, 0)).toBeGreaterThan(20);
    tally.add('acknowledgedWritesChecked');
  });

  it.each(faults)(
    'gives up on persistent %s after the configured attempts: 503 with Retry-After, nothing written',
    async (_name, body) => {
      const before = await dumpTables();
      const waits: number[] = [];
      for (let i = 0; i < 2; i++) {
        withPlan({ operations: ['TransactWriteItems'], faultsPerCall: Number.POSITIVE_INFINITY, body });
        const started = performance.now();
        const result = await patch('Never stored');
        plan = undefined;
        expect(result.statusCode, JSON.stringify(result.json)).toBe(503);
        expect(result.headers['retry-after']).toMatch(/^\d+$/);
        expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        expect(JSON.stringify(result.json)).not.toMatch(/Exception|Transaction|Throttl/);
        // maxAttempts is 3: the first try and two retries, then the API gives up well within its timeout.
        expect(attempts).toHaveLength(3);
        expect(performance.now() - started).toBeLessThan(15_000);
        waits.push(...gaps());
      }
      // Backoff: the SDK waits before each retry (full jitter on a growing base, so it averages well above zero).
      const mean = waits.reduce((sum, w) => sum + w, 0) / waits.length;
      expect(mean).toBeGreaterThan(20);
      expectUnchanged(before, await dumpTables(), 'persistent faults');
      tally.add('databaseDumpsCompared');
    },
  );

  it('throttled creates (PutItem and transactions) are retried the same way', async () => {
    withPlan({ operations: ['TransactWriteItems', 'PutItem'], faultsPerCall: 1, body: throttling });
    const result = await create();
    plan = undefined;
    expect(result.statusCode, JSON.stringify(result.json)).toBe(201);
    expect(attempts.filter((a) => a.faulted).length).toBeGreaterThan(0);
    tally.add('acknowledgedWritesChecked');
  });

  it('does not retry a transaction cancelled by a failed condition: 412 at once', async () => {
    withPlan({
      operations: ['TransactWriteItems'],
      faultsPerCall: Number.POSITIVE_INFINITY,
      body: cancelledFor('ConditionalCheckFailed', 'None'),
    });
    const result = await patch('Lost the race');
    plan = undefined;
    expect(result.statusCode).toBe(412);
    expect(attempts).toHaveLength(1);
  });
});
