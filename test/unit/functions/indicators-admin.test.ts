import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { FakeAwsHttp } from '../../support/aws-http.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';
import { adminClaims } from '../../support/metric-bodies.ts';

process.env.INDICATOR_JOB_FUNCTION_NAME = 'unit-indicator-job';
const { handler } = await import('../../../functions/indicators-admin/handler.ts');

const dynamo = mockClient(documentClient);
const lambda = new FakeAwsHttp().install();
/** The job's asynchronous invokes, as Lambda received them. */
const invokes = () =>
  lambda.requests.filter(
    (request) => request.path === '/2015-03-31/functions/unit-indicator-job/invocations',
  );
afterAll(() => {
  dynamo.restore();
  lambda.restore();
});

beforeEach(() => {
  dynamo.reset();
  lambda.reset();
  dynamo.on(PutCommand).resolves({});
  lambda.answer({ statusCode: 202 });
});

const runningRunId = '01JR2M4P6Q8S0T2V4W6X8Y0Z1A';

/** The newest runs, as the runs index answers them. */
function newestRuns(...runs: Record<string, unknown>[]) {
  dynamo.on(QueryCommand, { TableName: 'unit-indicators', IndexName: 'gsi1' }).resolves({
    Items: runs.map((run) => ({
      pk: `RUN#${run.runId}`,
      sk: 'META',
      gsi1pk: 'RUNS',
      gsi1sk: run.runId,
      ...run,
    })),
  });
}

async function requestRun() {
  const result = await handler(
    httpEvent({ method: 'POST', path: '/indicators/runs', claims: adminClaims() }) as never,
    lambdaContext() as never,
  );
  return readResult(result);
}

describe('POST /indicators/runs', () => {
  it('answers 409 with the running run at Location while one runs, and records or launches nothing', async () => {
    newestRuns({
      runId: runningRunId,
      state: 'running',
      trigger: 'schedule',
      startedAt: new Date().toISOString(),
    });

    const result = await requestRun();

    expect(result.statusCode).toBe(409);
    expect(result.headers.location).toBe(`/indicators/runs/${runningRunId}`);
    expect(result.json).toMatchObject({ status: 409, type: '/problems/conflict' });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(lambda.requests).toHaveLength(0);
  });

  it('starts a run (202) when the newest runs are finished or long dead', async () => {
    newestRuns(
      {
        runId: '01JR2M4P6Q8S0T2V4W6X8Y0Z1B',
        state: 'running',
        trigger: 'manual',
        startedAt: '2026-01-01T00:00:00.000Z',
      },
      { runId: runningRunId, state: 'published', trigger: 'schedule', startedAt: new Date().toISOString() },
    );

    const result = await requestRun();

    expect(result.statusCode).toBe(202);
    expect(result.headers.location).toBe(`/indicators/runs/${result.json.runId}`);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
    expect(invokes()).toHaveLength(1);
  });
});
