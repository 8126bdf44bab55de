/**
 * One measured pass over the indicator data, in a fresh process so that its memory is its own:
 *
 *   node --expose-gc --import tsx test/bench/indicator-job-child.ts job|read
 *
 * - `job`: `runIndicatorJob` with the real DynamoDB adapters (decorated only with timers, to split
 *   its time into reading, computing and writing)
 * - `read`: the baseline, a plain paginated read of the same data with the same queries (accepted
 *   projects 100 a page from gsi2, then each project's `LATEST#` reports), doing nothing with them
 *
 * Tables and endpoint come from `DYNAMODB_ENDPOINT` and the `*_TABLE_NAME` variables. Prints one
 * JSON line: the time of the pass and the peak RSS and heap sampled every 50 ms during it.
 */
import { writeSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { runIndicatorJob } from '../../shared/domain/indicator-runs/job.ts';
import type { IndicatorInputSource, IndicatorRunStore } from '../../shared/domain/indicator-runs/ports.ts';
import { inMemoryReleaseWriter } from '../support/in-memory-releases.ts';

export interface PassResult {
  readonly mode: 'job' | 'read';
  readonly ms: number;
  readonly projects: number;
  readonly reports: number;
  /** Indicator items written (job only). */
  readonly items?: number;
  readonly runId?: string;
  /** Time the job spent waiting for its reads and its writes (job only). */
  readonly readMs?: number;
  readonly writeMs?: number;
  /** Read capacity the queries consumed, as DynamoDB Local reports it (read only). */
  readonly consumedRcu?: number;
  readonly queries: number;
  readonly startRssMb: number;
  readonly startHeapMb: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly memorySamples: number;
}

type Item = Record<string, unknown>;
const mb = (bytes: number) => bytes / (1024 * 1024);
const pageSize = 100;

const client = createDocumentClient(process.env.DYNAMODB_ENDPOINT);
const tables = {
  projects: tableName('projects'),
  metrics: tableName('metrics'),
  indicators: tableName('indicators'),
};

let queries = 0;

async function plainRead(): Promise<Pick<PassResult, 'projects' | 'reports' | 'consumedRcu'>> {
  let projects = 0;
  let reports = 0;
  let consumedRcu = 0;
  let projectKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tables.projects,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REVIEW#accepted' },
        Limit: pageSize,
        ReturnConsumedCapacity: 'TOTAL',
        ...(projectKey ? { ExclusiveStartKey: projectKey } : {}),
      }),
    );
    queries++;
    consumedRcu += page.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const project of page.Items ?? []) {
      projects++;
      let reportKey: Item | undefined;
      do {
        const reportPage = await client.send(
          new QueryCommand({
            TableName: tables.metrics,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :latest)',
            ExpressionAttributeValues: { ':pk': `PROJECT#${String(project.id)}`, ':latest': 'LATEST#' },
            ReturnConsumedCapacity: 'TOTAL',
            ...(reportKey ? { ExclusiveStartKey: reportKey } : {}),
          }),
        );
        queries++;
        consumedRcu += reportPage.ConsumedCapacity?.CapacityUnits ?? 0;
        reports += reportPage.Items?.length ?? 0;
        reportKey = reportPage.LastEvaluatedKey;
      } while (reportKey);
    }
    projectKey = page.LastEvaluatedKey;
  } while (projectKey);
  return { projects, reports, consumedRcu };
}

async function job(): Promise<
  Pick<PassResult, 'projects' | 'reports' | 'items' | 'runId' | 'readMs' | 'writeMs'>
> {
  let readMs = 0;
  let writeMs = 0;
  const timed = async <T>(work: Promise<T>, add: (ms: number) => void): Promise<T> => {
    const start = performance.now();
    try {
      return await work;
    } finally {
      add(performance.now() - start);
    }
  };
  const source = new DynamoIndicatorInputs(client, tables);
  const inputs: IndicatorInputSource = {
    async *acceptedProjects() {
      const pages = source.acceptedProjects()[Symbol.asyncIterator]();
      while (true) {
        const next = await timed(pages.next(), (ms) => (readMs += ms));
        if (next.done) return;
        queries++;
        yield next.value;
      }
    },
    async *acceptedProjectRefs() {
      const pages = source.acceptedProjectRefs()[Symbol.asyncIterator]();
      while (true) {
        const next = await timed(pages.next(), (ms) => (readMs += ms));
        if (next.done) return;
        queries++;
        yield next.value;
      }
    },
    projectsByRef: (refs) => {
      queries++;
      return timed(source.projectsByRef(refs), (ms) => (readMs += ms));
    },
    latestReports: (projectId) => {
      queries++;
      return timed(source.latestReports(projectId), (ms) => (readMs += ms));
    },
  };
  const store = new DynamoIndicatorRunStore(client, tables.indicators);
  const runs: IndicatorRunStore = {
    start: (run) => store.start(run),
    get: (runId) => store.get(runId),
    writeItems: (runId, items) => timed(store.writeItems(runId, items), (ms) => (writeMs += ms)),
    claim: (runId, attempt, now, leaseUntil) => store.claim(runId, attempt, now, leaseUntil),
    publish: (run, attempt) => store.publish(run, attempt),
    fail: (runId, failure, finishedAt) => store.fail(runId, failure, finishedAt),
    latestRunId: () => store.latestRunId(),
    list: (limit, before) => store.list(limit, before),
    items: (runId, query) => store.items(runId, query),
  };
  const result = await runIndicatorJob(
    { runId: ulid(), trigger: 'manual' },
    {
      inputs,
      runs,
      // The release is built in full (read back, CSV, gzip, hashes); only the upload is in memory.
      releases: inMemoryReleaseWriter(runs),
      now: () => new Date().toISOString(),
    },
  );
  if (result.outcome !== 'published') throw new Error(`The job did not publish: ${result.reason}`);
  const counts = result.run.counts;
  return {
    projects: counts?.projects ?? 0,
    reports: counts?.reports ?? 0,
    items: counts?.items ?? 0,
    runId: result.run.runId,
    readMs,
    writeMs,
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'job' && mode !== 'read') throw new Error('Usage: indicator-job-child.ts job|read');
  // Open the connection and load the SDK's lazy parts before anything is measured.
  await client.send(
    new QueryCommand({
      TableName: tables.projects,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'none' },
      Limit: 1,
    }),
  );
  (globalThis as { gc?: () => void }).gc?.();
  const first = process.memoryUsage();
  let peakRss = first.rss;
  let peakHeap = first.heapUsed;
  let memorySamples = 1;
  const sampleMemory = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
    memorySamples++;
  };
  const sampler = setInterval(sampleMemory, 50);
  const start = performance.now();
  const outcome = mode === 'job' ? await job() : await plainRead();
  const ms = performance.now() - start;
  sampleMemory();
  clearInterval(sampler);
  const result: PassResult = {
    mode,
    ms,
    ...outcome,
    queries,
    startRssMb: mb(first.rss),
    startHeapMb: mb(first.heapUsed),
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
    memorySamples,
  };
  writeSync(1, `${JSON.stringify(result)}\n`);
  client.destroy();
}

await main();
