/**
 * Bulk monthly reports: rows per second of a 5,000-row `POST /metrics/import` through the real
 * function (JSON parsing, validation, the accounting, batched reads, conditional transactional
 * writes, the idempotency record), against DynamoDB Local, compared in the same run with a plain
 * `BatchWriteItem` loop writing the same items (each report's revision item, its latest copy and
 * its event in the outbox, 25 items a call, one call after another, unprocessed items sent again).
 * Budget: ≥ 0.5×.
 *
 * Import and baseline runs alternate (`BENCH_IMPORT_RUNS` pairs, default 3, after one small
 * unmeasured warm-up import); each import run reports for fresh projects, so every row is `created`.
 * The same request is then sent again with its `Idempotency-Key`, which must replay the stored
 * result exactly (a 5,000-row result must fit the idempotency record).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ensureTables, localTableEnvironment } from '../../infra/local/create-tables.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { createProject } from '../../shared/domain/projects/project.ts';
import { httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { aReportBody, monthsAgo } from '../support/metric-bodies.ts';
import { aProjectInput } from '../unit/domain/factories.ts';
import { type BenchFigure, median } from './report.ts';

type Log = (line: string) => void;
type Item = Record<string, unknown>;

const rowsPerImport = 5_000;
const monthsPerProject = 25;
const projectsPerImport = Math.ceil(rowsPerImport / monthsPerProject);
const budget = 0.5;
const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 3);

interface Environment {
  readonly client: DynamoDBDocumentClient;
  readonly tables: { readonly projects: string; readonly metrics: string };
  readonly orgId: string;
}

/** Projects of one organisation, under construction since 30 months ago, stored as `POST /projects` stores them. */
async function seedProjects(env: Environment, count: number): Promise<string[]> {
  const repository = new DynamoProjectRepository(env.client, env.tables.projects);
  const principal = { subject: 'bench-submitter', roles: ['submitter' as const], orgId: env.orgId };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = ulid();
    const { project, audit } = createProject(
      aProjectInput({ status: 'construction', statusEffectiveDate: `${monthsAgo(30)}-01` }),
      { principal, now: new Date().toISOString(), newId: () => id, usdPerUnit: () => undefined },
    );
    await repository.create(project, audit);
    ids.push(id);
  }
  return ids;
}

function importBody(projectIds: readonly string[], rows: number): string {
  const body = projectIds
    .flatMap((projectId) =>
      Array.from({ length: monthsPerProject }, (_, m) => ({
        projectId,
        period: monthsAgo(m + 1),
        ...aReportBody({ generationMwh: 1_000 + m }),
      })),
    )
    .slice(0, rows);
  return JSON.stringify(body);
}

type ImportHandler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => unknown;

async function postImport(handler: ImportHandler, env: Environment, body: string, key: string) {
  const event = httpEvent({
    method: 'POST',
    path: '/metrics/import',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body,
    claims: { sub: 'bench-submitter', 'cognito:groups': '[submitter]', 'custom:orgId': env.orgId },
  });
  // The bench measures throughput, not the function's timeout: DynamoDB Local on a busy laptop is
  // many times slower than DynamoDB, so the context leaves the import all the time it needs.
  const context = { ...lambdaContext(), getRemainingTimeInMillis: () => 15 * 60 * 1000 };
  return readResult(await handler(event, context));
}

/** Every item the import stored for these projects (revision items and latest copies). */
/** Every item a query finds, page after page. */
async function queryAll(env: Environment, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await env.client.send(
      new QueryCommand({
        TableName: env.tables.metrics,
        ...input,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function storedItems(env: Environment, projectIds: readonly string[]): Promise<Item[]> {
  const items: Item[] = [];
  for (const projectId of projectIds) {
    items.push(
      ...(await queryAll(env, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PROJECT#${projectId}` },
      })),
    );
  }
  return [...items, ...(await outboxItems(env, new Set(projectIds)))];
}

/**
 * The import's events, which it writes into the outbox in the same transactions as the reports
 * (`docs/events.md`): nothing delivers them here, so they are still in the table.
 */
async function outboxItems(env: Environment, projectIds: ReadonlySet<string>): Promise<Item[]> {
  const outbox = await queryAll(env, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'OUTBOX' },
  });
  return outbox.filter((item) => {
    const projectId = /"projectId":"([^"]+)"/.exec(String(item.eventJson))?.[1];
    return projectId !== undefined && projectIds.has(projectId);
  });
}

/** The baseline: the same items under fresh partition keys, 25 a call, one call after another. */
async function batchWriteLoop(env: Environment, items: readonly Item[]): Promise<number> {
  const copy = randomUUID();
  // Copies of the outbox items leave the outbox's index partition (same index write, another key).
  const renamed = items.map((item) => ({
    ...item,
    pk: `${String(item.pk)}#copy-${copy}`,
    ...(item.gsi1pk === 'OUTBOX' ? { gsi1pk: `OUTBOX#copy-${copy}` } : {}),
  }));
  const started = performance.now();
  for (let start = 0; start < renamed.length; start += 25) {
    let pending: Item[] | undefined = renamed
      .slice(start, start + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const result: BatchWriteCommandOutput = await env.client.send(
        new BatchWriteCommand({ RequestItems: { [env.tables.metrics]: pending } }),
      );
      pending = result.UnprocessedItems?.[env.tables.metrics] as Item[] | undefined;
    }
  }
  return performance.now() - started;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Runs the benchmark; see the top of this file. */
export async function benchMetricsImport(log: Log = console.log): Promise<BenchFigure[]> {
  const database = await startDynamoDbLocal();
  const prefix = `bench-import-${Date.now().toString(36)}`;
  const lowLevel: DynamoDBClient = createDynamoClient(database.endpoint);
  const client = createDocumentClient(lowLevel);
  try {
    await ensureTables(lowLevel, prefix);
    const environment = localTableEnvironment(prefix);
    Object.assign(process.env, {
      ...environment,
      DYNAMODB_ENDPOINT: database.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'local',
      POWERTOOLS_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'SILENT',
      STAGE: 'bench',
    });
    // Imported only now: the function reads its table names and endpoint at module scope.
    const { handler } = (await import('../../functions/metrics-import/handler.ts')) as {
      handler: ImportHandler;
    };
    const env: Environment = {
      client,
      tables: {
        projects: environment.PROJECTS_TABLE_NAME ?? '',
        metrics: environment.METRICS_TABLE_NAME ?? '',
      },
      orgId: `bench-org-${randomUUID()}`,
    };

    const warmUp = await postImport(handler, env, importBody(await seedProjects(env, 4), 100), randomUUID());
    if (warmUp.json?.counts?.created !== 100)
      throw new Error(`Warm-up import failed: ${JSON.stringify(warmUp.json)}`);

    const importMs: number[] = [];
    const baselineMs: number[] = [];
    const replayMs: number[] = [];
    let itemsPerImport = 0;
    let resultBytes = 0;
    for (let run = 0; run < runs; run++) {
      const projectIds = await seedProjects(env, projectsPerImport);
      const body = importBody(projectIds, rowsPerImport);
      const key = randomUUID();

      const started = performance.now();
      const result = await postImport(handler, env, body, key);
      importMs.push(performance.now() - started);
      if (result.statusCode !== 200 || result.json?.counts?.created !== rowsPerImport) {
        throw new Error(
          `Import run ${run + 1} did not create every row: ${JSON.stringify(result.json?.counts ?? result.json)}`,
        );
      }
      resultBytes = JSON.stringify(result.json).length;

      const replayStarted = performance.now();
      const replay = await postImport(handler, env, body, key);
      replayMs.push(performance.now() - replayStarted);
      if (
        replay.headers['idempotent-replayed'] !== 'true' ||
        JSON.stringify(replay.json) !== JSON.stringify(result.json)
      ) {
        throw new Error('The same Idempotency-Key did not replay the first result exactly');
      }

      const items = await storedItems(env, projectIds);
      itemsPerImport = items.length;
      baselineMs.push(await batchWriteLoop(env, items));
      log(
        `  run ${run + 1}: import ${Math.round(importMs.at(-1) ?? 0)} ms, replay ${Math.round(replayMs.at(-1) ?? 0)} ms, BatchWriteItem loop ${Math.round(baselineMs.at(-1) ?? 0)} ms (${items.length} items)`,
      );
    }

    const importRate = rowsPerImport / (median(importMs) / 1000);
    const baselineRate = rowsPerImport / (median(baselineMs) / 1000);
    return [
      {
        name: `metrics import: ${rowsPerImport.toLocaleString('en-US')} rows`,
        unit: 'rows/s',
        measured: round(importRate),
        baseline: round(baselineRate),
        baselineName: 'a BatchWriteItem loop writing the same items',
        ratio: importRate / baselineRate,
        budget: `>= ${budget}x`,
        pass: importRate / baselineRate >= budget,
        details: {
          runs,
          importMs: importMs.map((ms) => Math.round(ms)),
          batchWriteLoopMs: baselineMs.map((ms) => Math.round(ms)),
          idempotentReplayMs: replayMs.map((ms) => Math.round(ms)),
          itemsPerImport,
          resultBytes,
        },
      },
    ];
  } finally {
    client.destroy();
    await database.stop();
  }
}
