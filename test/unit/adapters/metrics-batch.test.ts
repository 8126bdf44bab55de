import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { DynamoMetricsRepository } from '../../../shared/adapters/dynamodb/metrics-table.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import type { ReportWrite } from '../../../shared/domain/metrics/ports.ts';
import { submitReport } from '../../../shared/domain/metrics/report.ts';
import { submissionEvent } from '../../../shared/domain/metrics/service.ts';
import { aReportInput, aSubmitContext } from '../domain/metrics/metric-factories.ts';

const client = createDocumentClient('http://127.0.0.1:9');
const dynamo = mockClient(DynamoDBDocumentClient);
const repository = new DynamoMetricsRepository(client, 'metrics');

/** First reports of May 2025 of `count` projects. */
function firstReports(count: number): ReportWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const project = { ...aSubmitContext().project, id: `project-${i}` };
    const next = submitReport(aReportInput(), aSubmitContext({ project })).report;
    return { next, events: [submissionEvent(project, next)] };
  });
}

const cancelled = (codes: readonly string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const projectsOf = (input: TransactWriteCommandInput) => [
  ...new Set(
    (input.TransactItems ?? [])
      .filter((item) => item.Put?.Item?.entity !== 'outbox')
      .map((item) => String(item.Put?.Item?.projectId)),
  ),
];

describe('DynamoMetricsRepository.writeMany', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('writes each report’s two items and its event in one transaction of at most 100 items', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    const outcomes = await repository.writeMany(firstReports(120));

    expect(outcomes).toEqual(Array(120).fill('written'));
    const calls = dynamo.commandCalls(TransactWriteCommand);
    expect(calls.map((c) => c.args[0].input.TransactItems?.length).sort()).toEqual([63, 99, 99, 99]);
    const outboxed = calls
      .flatMap((c) => c.args[0].input.TransactItems ?? [])
      .filter((item) => item.Put?.Item?.entity === 'outbox');
    expect(outboxed).toHaveLength(120);
  });

  it('answers conflict for a write whose condition failed and sends the others again', async () => {
    const writes = firstReports(3);
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        cancelled(['None', 'None', 'None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None']),
      )
      .resolves({});

    const outcomes = await repository.writeMany(writes);

    expect(outcomes).toEqual(['written', 'conflict', 'written']);
    const [first, second] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    expect(second && projectsOf(second)).toEqual([writes[0]?.next.projectId, writes[2]?.next.projectId]);
    expect(second?.ClientRequestToken).not.toBe(first?.ClientRequestToken);
  });

  it('repeats a call that failed for now with the same items and the same token', async () => {
    const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    dynamo.on(TransactWriteCommand).rejectsOnce(timeout).resolves({});

    const outcomes = await repository.writeMany(firstReports(2));

    expect(outcomes).toEqual(['written', 'written']);
    const [first, second] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    expect(second?.ClientRequestToken).toBe(first?.ClientRequestToken);
    expect(second?.TransactItems).toEqual(first?.TransactItems);
  });

  it('gives up with DependencyUnavailableError when the database keeps refusing', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));

    await expect(repository.writeMany(firstReports(1))).rejects.toThrow(DependencyUnavailableError);
  });
});

describe('DynamoMetricsRepository.latestMany', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('reads 100 keys a call and asks again for the keys left unprocessed', async () => {
    const reports = firstReports(3).map((w) => w.next);
    const itemOf = (i: number) => ({ pk: 'x', sk: 'y', ...reports[i] });
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { metrics: [itemOf(0)] },
        UnprocessedKeys: { metrics: { Keys: [{ pk: 'k2' }, { pk: 'k3' }] } },
      })
      .resolves({ Responses: { metrics: [itemOf(1), itemOf(2)] } });

    const found = await repository.latestMany(
      reports.map((r) => ({ projectId: r.projectId, period: r.period })),
    );

    expect(found.map((r) => r.projectId)).toEqual(reports.map((r) => r.projectId));
    const calls = dynamo.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.metrics);
    expect(calls[0]?.Keys).toHaveLength(3);
    expect(calls[0]?.ConsistentRead).toBe(true);
    expect(calls[1]?.Keys).toEqual([{ pk: 'k2' }, { pk: 'k3' }]);
  });
});
