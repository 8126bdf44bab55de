/**
 * Indicator job scaling.
 *
 * - job time at 10k and 100k reports (100 and 1,000 accepted projects × 100 months) against a plain
 *   paginated read of the same tables with the same queries, in the same run; each pass in a fresh
 *   process, reads and jobs interleaved after one discarded warm-up read (budget at 100k: ≤ 1.5×)
 * - peak memory of the job (RSS and heap sampled every 50 ms in its own process) at both sizes
 *   (budget: grows by < 50 MB from 10k to 100k); as an independent check, one more job at each size
 *   runs with `--max-old-space-size=32`: a cap enough at 10k must be enough at 100k
 * - the pure maths for 1M generated in-memory reports (10k projects × 100 months, generated project
 *   by project outside the timed region) through `IndicatorComputation`, against `JSON.parse` of
 *   the same input serialized as JSON text, project by project (budget: ≤ 2×)
 *
 * The data lives in an in-memory DynamoDB Local with tables of a fresh prefix, loaded with
 * `BatchWriteItem` (25 items a request, several requests at once) in the adapters' item shapes.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables, localTableEnvironment } from '../../infra/local/create-tables.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDocumentClient, createDynamoClient } from '../../shared/adapters/dynamodb/client.ts';
import { projectItem } from '../../shared/adapters/dynamodb/projects-table.ts';
import { lastCompleteMonth } from '../../shared/domain/indicator-runs/run.ts';
import { IndicatorComputation } from '../../shared/domain/indicators/compute.ts';
import { projectRoot } from './cdk-bundling.ts';
import {
  benchProject,
  benchReports,
  dynamoItemBytes,
  indicatorInput,
  latestReportItem,
  monthsPerProject,
} from './indicator-data.ts';
import type { PassResult } from './indicator-job-child.ts';
import { type BenchFigure, median } from './report.ts';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./indicator-job-child.ts', import.meta.url));

/** Reads and jobs per size; `BENCH_JOB_RUNS` overrides (the 100k size drops to 1 if a pair takes too long). */
const passesPerSize = Number(process.env.BENCH_JOB_RUNS ?? 3);
/** Beyond this, a 100k read + job pair is too slow to repeat within the 15-minute run. */
const slowPairMs = 150_000;
const mathsRuns = Number(process.env.BENCH_MATHS_RUNS ?? 5);
const mathsProjects = 10_000;

const jobBudget = 1.5;
const memoryBudgetMb = 50;
const mathsBudget = 2;

const round = (value: number, places = 1) => Number(value.toFixed(places));

type Log = (line: string) => void;

// ---------------------------------------------------------------- loading

/** Writes the projects `[from, to)` and their reports with BatchWriteItem, `concurrency` requests at a time. */
export async function load(
  client: DynamoDBDocumentClient,
  tables: { projects: string; metrics: string },
  from: number,
  to: number,
  lastMonth: string,
  concurrency = 8,
): Promise<{ items: number; ms: number }> {
  function* items(): Generator<{ table: string; item: Record<string, unknown> }> {
    for (let index = from; index < to; index++) {
      const project = benchProject(index, lastMonth);
      yield { table: tables.projects, item: projectItem(project) };
      for (const report of benchReports(project))
        yield { table: tables.metrics, item: latestReportItem(report) };
    }
  }
  const source = items();
  let written = 0;
  const start = performance.now();
  const worker = async () => {
    while (true) {
      const batch: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {};
      let count = 0;
      while (count < 25) {
        const next = source.next();
        if (next.done) break;
        batch[next.value.table] ??= [];
        batch[next.value.table]?.push({ PutRequest: { Item: next.value.item } });
        count++;
      }
      if (count === 0) return;
      let pending: typeof batch | undefined = batch;
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
        if (attempt > 10) throw new Error('BatchWriteItem kept leaving items unprocessed');
        const output = await client.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = output.UnprocessedItems as typeof batch | undefined;
      }
      written += count;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { items: written, ms: performance.now() - start };
}

// ---------------------------------------------------------------- passes

async function pass(
  mode: 'job' | 'read',
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
): Promise<PassResult> {
  const { stdout } = await run(
    process.execPath,
    [...nodeOptions, '--expose-gc', '--import', 'tsx', child, mode],
    {
      cwd: projectRoot,
      env,
      timeout: 15 * 60_000,
      maxBuffer: 16 << 20,
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as PassResult;
  } catch {
    throw new Error(`The ${mode} pass printed no result:\n${stdout.slice(-2_000)}`);
  }
}

/** The old-space cap of the extra job pass at each size: enough for the job's live heap at either size. */
const cappedOldSpaceMb = 32;

/** The job in a process whose old space is capped: whether it still completes, and its peaks. */
type CappedPass =
  | { readonly completed: true; readonly ms: number; readonly peakHeapMb: number; readonly peakRssMb: number }
  | { readonly completed: false; readonly error: string };

interface SizeResult {
  readonly reports: number;
  readonly reads: PassResult[];
  readonly jobs: PassResult[];
  readonly capped: CappedPass;
}

async function measureSize(
  reports: number,
  env: Record<string, string>,
  passes: number,
  log: Log,
): Promise<SizeResult> {
  const warmUp = await pass('read', env);
  if (warmUp.reports !== reports)
    throw new Error(`Expected ${reports} reports, the read found ${warmUp.reports}`);
  const reads: PassResult[] = [];
  const jobs: PassResult[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    reads.push(await pass('read', env));
    const job = await pass('job', env);
    if (job.reports !== reports) throw new Error(`Expected ${reports} reports, the job read ${job.reports}`);
    jobs.push(job);
    const pairMs = performance.now() - started;
    log(
      `  ${reports.toLocaleString('en-US')} reports, pass ${i + 1}: read ${round(reads[i]?.ms ?? 0, 0)} ms, ` +
        `job ${round(job.ms, 0)} ms (its reads ${round(job.readMs ?? 0, 0)} ms, writes ${round(job.writeMs ?? 0, 0)} ms), ` +
        `job peak RSS ${round(job.peakRssMb)} MB`,
    );
    if (i === 0 && passes > 1 && pairMs > slowPairMs) {
      log(`  one read + job pair took ${round(pairMs / 1000)} s: measuring this size once only`);
      break;
    }
  }
  // An independent check of memory: the same job with its old space capped must still complete.
  let capped: CappedPass;
  try {
    const result = await pass('job', env, [`--max-old-space-size=${cappedOldSpaceMb}`]);
    capped = {
      completed: true,
      ms: round(result.ms, 0),
      peakHeapMb: round(result.peakHeapMb),
      peakRssMb: round(result.peakRssMb),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    capped = {
      completed: false,
      error: message.split('\n').find((line) => /heap|memory/i.test(line)) ?? message.split('\n')[0] ?? '',
    };
  }
  log(
    `  ${reports.toLocaleString('en-US')} reports, job with --max-old-space-size=${cappedOldSpaceMb}: ${capped.completed ? 'completed' : `failed (${capped.error})`}`,
  );
  return { reports, reads, jobs, capped };
}

// ---------------------------------------------------------------- the maths

function mathsPass(lastMonth: string, projects: number): { ms: number; items: number } {
  const computation = new IndicatorComputation({ lastCompleteMonth: lastMonth });
  let ms = 0;
  for (let index = 0; index < projects; index++) {
    const { project, reports } = indicatorInput(index, lastMonth);
    const start = performance.now();
    computation.addProject(project, reports);
    ms += performance.now() - start;
  }
  const start = performance.now();
  const items = computation.result();
  ms += performance.now() - start;
  return { ms, items: items.length };
}

function parsePass(texts: (index: number) => string, projects: number): { ms: number; bytes: number } {
  let ms = 0;
  let bytes = 0;
  for (let index = 0; index < projects; index++) {
    const text = texts(index);
    bytes += text.length;
    const start = performance.now();
    JSON.parse(text);
    ms += performance.now() - start;
  }
  return { ms, bytes };
}

async function benchMaths(lastMonth: string, log: Log): Promise<BenchFigure> {
  const inputText = (index: number) => JSON.stringify(indicatorInput(index, lastMonth));
  // Warm up both paths (JIT) on a tenth of the data, then alternate full passes.
  mathsPass(lastMonth, mathsProjects / 10);
  parsePass(inputText, mathsProjects / 10);
  const maths: number[] = [];
  const parses: number[] = [];
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < mathsRuns; i++) {
    const m = mathsPass(lastMonth, mathsProjects);
    const p = parsePass(inputText, mathsProjects);
    maths.push(m.ms);
    parses.push(p.ms);
    items = m.items;
    bytes = p.bytes;
    log(`  1M reports, pass ${i + 1}: maths ${round(m.ms, 0)} ms, JSON.parse ${round(p.ms, 0)} ms`);
  }
  // For scale: parsing the stored items (what the job really receives), on a tenth of the projects.
  const storedText = (index: number) =>
    JSON.stringify(benchReports(benchProject(index, lastMonth)).map(latestReportItem));
  const stored = parsePass(storedText, mathsProjects / 10);
  const measured = median(maths);
  const baseline = median(parses);
  const reports = mathsProjects * monthsPerProject;
  return {
    name: 'indicator maths: 1M reports',
    unit: 'ms',
    measured: round(measured),
    baseline: round(baseline),
    baselineName: 'JSON.parse of the same input (project + its reports as the maths gets them), per project',
    ratio: round(measured / baseline, 3),
    budget: `<= ${mathsBudget}x`,
    pass: measured / baseline <= mathsBudget,
    details: {
      reports,
      projects: mathsProjects,
      runs: mathsRuns,
      mathsMs: maths.map((ms) => round(ms, 0)),
      parseMs: parses.map((ms) => round(ms, 0)),
      itemsComputed: items,
      jsonBytesParsed: bytes,
      reportsPerSecond: Math.round(reports / (measured / 1000)),
      storedItemsParseMsFor1M: round(stored.ms * 10, 0),
      storedItemsJsonBytesFor1M: stored.bytes * 10,
      note: 'storedItemsParseMsFor1M: JSON.parse of the full stored LATEST# items instead (a tenth of the projects, ×10), for scale only',
    },
  };
}

// ---------------------------------------------------------------- the figures

function jobFigure(size: SizeResult, budgeted: boolean): BenchFigure {
  const jobMs = median(size.jobs.map((j) => j.ms));
  const readMs = median(size.reads.map((r) => r.ms));
  const ratio = jobMs / readMs;
  const k = `${size.reports / 1000}k`;
  return {
    name: `indicator job time: ${k} reports`,
    unit: 'ms',
    measured: round(jobMs, 0),
    baseline: round(readMs, 0),
    baselineName: 'plain paginated read of the same tables (same queries, nothing done with the items)',
    ratio: round(ratio, 3),
    budget: budgeted ? `<= ${jobBudget}x` : `none at ${k} (${jobBudget}x is for 100k)`,
    pass: budgeted ? ratio <= jobBudget : true,
    details: {
      reports: size.reports,
      projects: size.reports / monthsPerProject,
      runs: size.jobs.length,
      ...(size.jobs.length < passesPerSize ? { note: 'measured once: a pass took too long to repeat' } : {}),
      jobMs: size.jobs.map((j) => round(j.ms, 0)),
      readMs: size.reads.map((r) => round(r.ms, 0)),
      jobReadsMs: size.jobs.map((j) => round(j.readMs ?? 0, 0)),
      jobWritesMs: size.jobs.map((j) => round(j.writeMs ?? 0, 0)),
      itemsWritten: size.jobs[0]?.items,
      queries: size.reads[0]?.queries,
      consumedRcuPerRead: size.reads[0]?.consumedRcu,
      reportsPerSecond: Math.round(size.reports / (jobMs / 1000)),
    },
  };
}

function memoryFigure(small: SizeResult, large: SizeResult): BenchFigure {
  const peak = (size: SizeResult, field: 'peakRssMb' | 'peakHeapMb') =>
    median(size.jobs.map((j) => j[field]));
  const growth = peak(large, 'peakRssMb') - peak(small, 'peakRssMb');
  // The cap that suffices at 10k must suffice at 100k, or memory grows with the reports.
  const cappedGrew = small.capped.completed && !large.capped.completed;
  return {
    name: 'indicator job peak memory: 10k → 100k reports',
    unit: 'MB (peak RSS)',
    measured: round(peak(large, 'peakRssMb')),
    baseline: round(peak(small, 'peakRssMb')),
    baselineName: 'the same job at 10k reports',
    ratio: round(growth),
    budget: `grows < ${memoryBudgetMb} MB`,
    pass: growth < memoryBudgetMb && !cappedGrew,
    details: {
      how: 'process.memoryUsage() every 50 ms in a fresh process per job (after gc()); medians over the passes',
      peakRssMb: {
        at10k: small.jobs.map((j) => round(j.peakRssMb)),
        at100k: large.jobs.map((j) => round(j.peakRssMb)),
      },
      peakHeapUsedMb: {
        at10k: small.jobs.map((j) => round(j.peakHeapMb)),
        at100k: large.jobs.map((j) => round(j.peakHeapMb)),
      },
      heapGrowthMb: round(peak(large, 'peakHeapMb') - peak(small, 'peakHeapMb')),
      cappedOldSpace: { maxOldSpaceSizeMb: cappedOldSpaceMb, at10k: small.capped, at100k: large.capped },
      startRssMb: round(large.jobs[0]?.startRssMb ?? 0),
      readPassPeakRssMb: {
        at10k: round(median(small.reads.map((r) => r.peakRssMb))),
        at100k: round(median(large.reads.map((r) => r.peakRssMb))),
      },
    },
  };
}

/** The average stored size of a run's indicator items, and the write units they cost. */
async function indicatorItemSizes(
  client: DynamoDBDocumentClient,
  table: string,
  runId: string,
): Promise<{ items: number; averageBytes: number; wcu: number }> {
  let items = 0;
  let bytes = 0;
  let wcu = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :item)',
        ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':item': 'ITEM#' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const size = dynamoItemBytes(item);
      items++;
      bytes += size;
      wcu += Math.ceil(size / 1024);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, averageBytes: Math.round(bytes / Math.max(items, 1)), wcu };
}

/** Loads 10k then 100k reports, measures the job at each size, then the maths at 1M; see the top of this file. */
export async function benchIndicatorJob(log: Log = console.log): Promise<BenchFigure[]> {
  const lastMonth = lastCompleteMonth(new Date().toISOString());
  const database = await startDynamoDbLocal();
  const prefix = `bench-${Date.now().toString(36)}`;
  const lowLevel: DynamoDBClient = createDynamoClient(database.endpoint);
  const client = createDocumentClient(lowLevel);
  const loader = createDocumentClient(database.endpoint);
  let small: SizeResult;
  let large: SizeResult;
  let itemSizes: Awaited<ReturnType<typeof indicatorItemSizes>>;
  let loadRate: number;
  try {
    await ensureTables(lowLevel, prefix);
    const environment = localTableEnvironment(prefix);
    const tables = {
      projects: environment.PROJECTS_TABLE_NAME ?? '',
      metrics: environment.METRICS_TABLE_NAME ?? '',
      indicators: environment.INDICATORS_TABLE_NAME ?? '',
    };
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...environment,
      DYNAMODB_ENDPOINT: database.endpoint,
      AWS_REGION: 'local',
      LOG_LEVEL: 'WARN',
    };

    const first = await load(loader, tables, 0, 100, lastMonth);
    log(
      `  loaded ${first.items.toLocaleString('en-US')} items in ${round(first.ms / 1000)} s; measuring at 10k reports`,
    );
    small = await measureSize(100 * monthsPerProject, env, passesPerSize, log);

    const second = await load(loader, tables, 100, 1_000, lastMonth);
    loadRate = second.items / (second.ms / 1000);
    log(
      `  loaded ${second.items.toLocaleString('en-US')} more items in ${round(second.ms / 1000)} s; measuring at 100k reports`,
    );
    large = await measureSize(1_000 * monthsPerProject, env, passesPerSize, log);
    itemSizes = await indicatorItemSizes(client, tables.indicators, large.jobs.at(-1)?.runId ?? '');
  } finally {
    loader.destroy();
    client.destroy();
    await database.stop();
  }

  log('  the maths at 1M generated reports');
  const maths = await benchMaths(lastMonth, log);

  const sampleProject = benchProject(1, lastMonth);
  const sampleReports = benchReports(sampleProject);
  const reportBytes = Math.round(
    sampleReports.reduce((sum, r) => sum + dynamoItemBytes(latestReportItem(r)), 0) / sampleReports.length,
  );
  const largeFigure = jobFigure(large, true);
  return [
    jobFigure(small, false),
    {
      ...largeFigure,
      details: {
        ...largeFigure.details,
        costInputs: {
          projectItemBytes: dynamoItemBytes(projectItem(sampleProject)),
          reportItemBytes: reportBytes,
          indicatorItems: itemSizes.items,
          indicatorItemAverageBytes: itemSizes.averageBytes,
          indicatorItemWcu: itemSizes.wcu,
          loadItemsPerSecond: Math.round(loadRate),
        },
      },
    },
    memoryFigure(small, large),
    maths,
  ];
}
