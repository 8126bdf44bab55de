/**
 * `POST /indicators/runs` while a run is running (docs/operations.md): one run at a time, a second
 * request gets 409 pointing at the running one. On tables of their own, so that runs other files
 * leave running do not count.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { RunInProgressError } from '../../shared/domain/errors.ts';
import { type ManualRunDeps, requestManualRun } from '../../shared/domain/indicator-runs/manual.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import { problemResponse } from '../../shared/http/problem.ts';
import { tables } from '../../shared/tables.ts';

const endpoint = inject('dynamodbEndpoint');
const client = createDocumentClient(endpoint);
const admin: Principal = { subject: 'admin', roles: ['admin'], orgId: 'org-secretariat' };
const now = '2026-06-15T10:00:00.000Z';
const newRunId = monotonicFactory();

let runs: DynamoIndicatorRunStore;
const launched: string[] = [];

/** A fresh table per test: each starts with no run. */
beforeEach(async () => {
  const prefix = `jucip-manual-${randomUUID().slice(0, 8)}`;
  const ddb = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(ddb, prefix);
  ddb.destroy();
  runs = new DynamoIndicatorRunStore(client, localTableName(tables.indicators, prefix));
  launched.length = 0;
});

afterAll(() => client.destroy());

function deps(at = now): ManualRunDeps {
  return {
    runs,
    launcher: { launch: async (runId) => void launched.push(runId) },
    now: () => at,
    newRunId: () => newRunId(Date.parse(at)),
  };
}

async function refusal(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the request to be refused');
}

describe('POST /indicators/runs while a run is running', () => {
  it('refuses a second manual run with 409 and the running run at Location, recording and launching nothing', async () => {
    const first = await requestManualRun(admin, deps());

    const error = await refusal(requestManualRun(admin, deps('2026-06-15T10:01:00.000Z')));

    expect(error).toBeInstanceOf(RunInProgressError);
    expect((error as RunInProgressError).runId).toBe(first.runId);
    const response = problemResponse(error, '/indicators/runs');
    expect(response.statusCode).toBe(409);
    expect(response.headers?.location).toBe(`/indicators/runs/${first.runId}`);
    expect(launched).toEqual([first.runId]);
    expect((await runs.list(10)).runs.map((run) => run.runId)).toEqual([first.runId]);
  });

  it('refuses a manual run while a scheduled run is running', async () => {
    const scheduled = newRunId(Date.parse(now));
    await runs.start({ runId: scheduled, state: 'running', trigger: 'schedule', startedAt: now });

    const error = await refusal(requestManualRun(admin, deps('2026-06-15T10:05:00.000Z')));

    expect(error).toMatchObject({ runId: scheduled });
    expect(launched).toEqual([]);
  });

  it.each([
    ['published', 'published'],
    ['failed', 'failed'],
  ] as const)('starts a run once the previous one has %s', async (_name, outcome) => {
    const first = await requestManualRun(admin, deps());
    if (outcome === 'published') {
      await runs.claim(first.runId, 'attempt', now, '2026-06-15T10:15:00.000Z');
      await runs.publish({ ...first, state: 'published', finishedAt: now }, 'attempt');
    } else {
      await runs.fail(first.runId, 'The job failed', now);
    }

    const second = await requestManualRun(admin, deps('2026-06-15T10:02:00.000Z'));

    expect(second.runId).not.toBe(first.runId);
    expect(launched).toEqual([first.runId, second.runId]);
  });

  it('does not let a run that was killed long ago (still marked running) block forever', async () => {
    const stale = await requestManualRun(admin, deps());

    const fresh = await requestManualRun(admin, deps('2026-06-15T10:15:01.000Z'));

    expect(fresh.runId).not.toBe(stale.runId);
  });
});
