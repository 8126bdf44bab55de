/**
 * Indicator job at scale (`docs/indicator-job.md`): `BENCH_SCALE_PROJECTS` projects × 100 months
 * (10,000 by default: 1 million reports) loaded once into an in-memory DynamoDB Local with parallel
 * BatchWriteItem, then, each pass in a fresh process:
 *
 * - the real shard → map → merge path (`runIndicatorJob`) against a plain parallel read of the same
 *   items with the same queries and parallelism, interleaved (budget ≤ 1.5×)
 * - the peak heap of one map step over a shard of 1,000 projects, measured once when the table holds
 *   only that shard's data and again when it holds all of it: the step's memory must follow its
 *   shard, not the data set (budget ≤ 1.25×). A map step over 250 projects is measured too, to show
 *   how the heap splits into a fixed working set (the SDK, buffers, one batch of 100 projects'
 *   reports) and a part per project; that is a detail, not a budget.
 *
 * Also reports the measured per-report figures the cost model in the docs is built from.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureTables, localTableEnvironment } from '../../infra/local/create-tables.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/client.ts';
import { lastCompleteMonth } from '../../shared/domain/indicator-runs/run.ts';
import { projectRoot } from './cdk-bundling.ts';
import { monthsPerProject } from './indicator-data.ts';
import { load } from './indicator-job.ts';
import type { ScalePass } from './indicator-scale-child.ts';
import { type BenchFigure, median } from './report.ts';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./indicator-scale-child.ts', import.meta.url));
const projects = Number(process.env.BENCH_SCALE_PROJECTS ?? 10_000);
const passes = Number(process.env.BENCH_SCALE_RUNS ?? 2);
const round = (value: number, places = 1) => Number(value.toFixed(places));

type Log = (line: string) => void;

async function pass(
  mode: ScalePass['mode'],
  env: Record<string, string>,
  shardSize = 1000,
): Promise<ScalePass> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, mode, String(shardSize)],
    {
      cwd: projectRoot,
      env,
      timeout: 60 * 60_000,
      maxBuffer: 1024 * 1024,
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ScalePass;
}

export async function benchIndicatorScale(log: Log = console.log): Promise<BenchFigure[]> {
  const lastMonth = lastCompleteMonth(new Date().toISOString());
  const database = await startDynamoDbLocal();
  const prefix = `scale-${Date.now().toString(36)}`;
  const lowLevel = createDynamoClient(database.endpoint);
  const loader = createDocumentClient(database.endpoint);
  try {
    await ensureTables(lowLevel, prefix);
    const environment = localTableEnvironment(prefix);
    const tables = {
      projects: environment.PROJECTS_TABLE_NAME ?? '',
      metrics: environment.METRICS_TABLE_NAME ?? '',
    };
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...environment,
      DYNAMODB_ENDPOINT: database.endpoint,
      AWS_REGION: 'local',
      LOG_LEVEL: 'WARN',
    };
    // First only one shard's data, to measure a map step when the table holds nothing else.
    const shardSize = 1000;
    const firstShard = Math.min(shardSize, projects);
    const loadedFirst = await load(loader, tables, 0, firstShard, lastMonth, 16);
    const alone = await pass('map', env, shardSize);
    const loadedRest = await load(loader, tables, firstShard, projects, lastMonth, 16);
    const loaded = { items: loadedFirst.items + loadedRest.items, ms: loadedFirst.ms + loadedRest.ms };
    log(
      `  loaded ${loaded.items.toLocaleString('en-US')} items in ${round(loaded.ms / 1000)} s (${Math.round(loaded.items / (loaded.ms / 1000))} items/s)`,
    );
    await pass('read', env); // warm-up, discarded
    const reads: ScalePass[] = [];
    const jobs: ScalePass[] = [];
    for (let i = 0; i < passes; i++) {
      reads.push(await pass('read', env));
      jobs.push(await pass('job', env));
      log(
        `  pass ${i + 1}: read ${round((reads.at(-1)?.ms ?? 0) / 1000)} s, job ${round((jobs.at(-1)?.ms ?? 0) / 1000)} s`,
      );
    }
    const large = await pass('map', env, shardSize);
    const small = await pass('map', env, 250);
    const aloneGrowth = alone.peakHeapMb - alone.baseHeapMb;
    log(
      `  one map step: ${large.reports} reports → peak heap +${round(large.peakHeapMb - large.baseHeapMb)} MB (+${round(aloneGrowth)} MB with only its shard in the table); ${small.reports} reports → +${round(small.peakHeapMb - small.baseHeapMb)} MB`,
    );
    const readMs = median(reads.map((p) => p.ms));
    const jobMs = median(jobs.map((p) => p.ms));
    const reports = jobs[0]?.reports ?? 0;
    const largeGrowth = large.peakHeapMb - large.baseHeapMb;
    const smallGrowth = small.peakHeapMb - small.baseHeapMb;
    return [
      {
        name: `indicator job, shard → map → merge, ${reports.toLocaleString('en-US')} reports`,
        unit: 'ms',
        measured: round(jobMs, 0),
        baseline: round(readMs, 0),
        baselineName: 'plain parallel read of the same items, same queries and parallelism',
        ratio: round(jobMs / readMs, 2),
        budget: '<= 1.5x',
        pass: jobMs / readMs <= 1.5,
        details: {
          projects: jobs[0]?.projects,
          items: jobs[0]?.items,
          jobPasses: jobs.map((p) => round(p.ms, 0)),
          readPasses: reads.map((p) => round(p.ms, 0)),
          jobMicrosecondsPerReport: round((jobMs * 1000) / reports, 1),
          readMicrosecondsPerReport: round((readMs * 1000) / reports, 1),
          jobPeakHeapMb: round(Math.max(...jobs.map((p) => p.peakHeapMb))),
          loadItemsPerSecond: Math.round(loaded.items / (loaded.ms / 1000)),
          monthsPerProject,
        },
      },
      {
        name: `one map step of ${shardSize.toLocaleString('en-US')} projects: peak heap with ${reports.toLocaleString('en-US')} reports in the table`,
        unit: 'MB',
        measured: round(largeGrowth),
        baseline: round(aloneGrowth),
        baselineName: 'the same map step when the table holds only its shard',
        ratio: round(largeGrowth / aloneGrowth, 2),
        budget: '<= 1.25x',
        pass: largeGrowth / aloneGrowth <= 1.25,
        details: {
          shardAlone: {
            reports: alone.reports,
            ms: round(alone.ms, 0),
            peakHeapMb: round(alone.peakHeapMb),
            baseHeapMb: round(alone.baseHeapMb),
            peakRssMb: round(alone.peakRssMb),
          },
          largeShard: {
            reports: large.reports,
            ms: round(large.ms, 0),
            peakHeapMb: round(large.peakHeapMb),
            baseHeapMb: round(large.baseHeapMb),
            peakRssMb: round(large.peakRssMb),
          },
          smallShard: {
            reports: small.reports,
            ms: round(small.ms, 0),
            peakHeapMb: round(small.peakHeapMb),
            baseHeapMb: round(small.baseHeapMb),
            peakRssMb: round(small.peakRssMb),
          },
          mapMicrosecondsPerReport: round((large.ms * 1000) / Math.max(1, large.reports), 1),
          // How the heap splits: 250 projects need this share of what 1,000 need.
          smallShardShareOfHeap: round(smallGrowth / largeGrowth, 2),
        },
      },
    ];
  } finally {
    loader.destroy();
    lowLevel.destroy();
    await database.stop();
  }
}
