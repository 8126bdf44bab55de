/**
 * One measured pass of the indicator scale bench, in a fresh process so that its memory is its own:
 *
 *   node --expose-gc --import tsx test/bench/indicator-scale-child.ts read|job|map [shardSize]
 *
 * - `read`: the baseline, a plain parallel read of the same items with the same queries and the
 *   same parallelism as the job (the key-only listing, BatchGetItem of 100 projects, then each
 *   project's `LATEST#` reports with `shards × readConcurrency` queries in flight), keeping nothing
 * - `job`: `runIndicatorJob`, the real shard → map → merge path with the DynamoDB adapters
 * - `map`: the first step and then one map step of one shard of `shardSize` projects: its peak
 *   memory is what one map step needs
 *
 * Prints one JSON line: time, counts and the peak heap and RSS sampled every 20 ms.
 */
import { writeSync } from 'node:fs';
import { ulid } from 'ulid';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { tableName } from '../../shared/config/env.ts';
import {
  beginIndicatorRun,
  defaultReadConcurrency,
  mapShard,
  runIndicatorJob,
} from '../../shared/domain/indicator-runs/job.ts';
import { InMemoryRunWorkspace } from '../../shared/domain/indicator-runs/workspace.ts';
import { inMemoryReleaseWriter } from '../support/in-memory-releases.ts';

export interface ScalePass {
  readonly mode: 'read' | 'job' | 'map';
  readonly ms: number;
  readonly projects: number;
  readonly reports: number;
  readonly items?: number;
  readonly shardSize: number;
  readonly baseHeapMb: number;
  readonly peakHeapMb: number;
  readonly peakRssMb: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const client = createDocumentClient(process.env.DYNAMODB_ENDPOINT);
const inputs = new DynamoIndicatorInputs(client, {
  projects: tableName('projects'),
  metrics: tableName('metrics'),
});
const runs = new DynamoIndicatorRunStore(client, tableName('indicators'));
/** What the in-process job runs at once: 4 map steps of `defaultReadConcurrency` queries each. */
const inFlight = 4 * defaultReadConcurrency;

async function plainParallelRead(): Promise<{ projects: number; reports: number }> {
  let projects = 0;
  let reports = 0;
  for await (const page of inputs.acceptedProjectRefs()) {
    for (let start = 0; start < page.length; start += 100) {
      const batch = await inputs.projectsByRef(page.slice(start, start + 100));
      projects += batch.length;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(inFlight, batch.length) }, async () => {
          while (next < batch.length) {
            const project = batch[next++];
            if (project) reports += (await inputs.latestReports(project.id)).length;
          }
        }),
      );
    }
  }
  return { projects, reports };
}

async function main(): Promise<void> {
  const mode = process.argv[2] as ScalePass['mode'];
  const shardSize = Number(process.argv[3] ?? 1000);
  if (mode !== 'read' && mode !== 'job' && mode !== 'map') throw new Error('Usage: read|job|map [shardSize]');
  const deps = {
    inputs,
    runs,
    // The release is part of the real path; its files stay in memory, as the job bench's do.
    releases: inMemoryReleaseWriter(runs),
    now: () => new Date().toISOString(),
    workspace: new InMemoryRunWorkspace(),
    shardSize,
  };
  // `map` shards first (not measured), then measures one map step alone.
  const begun =
    mode === 'map' ? await beginIndicatorRun({ runId: ulid(), trigger: 'manual' }, deps) : undefined;
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sample = () => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  };
  const sampler = setInterval(sample, 20);
  const start = performance.now();
  let counts: { projects: number; reports: number; items?: number };
  if (mode === 'read') {
    counts = await plainParallelRead();
  } else if (mode === 'job') {
    const result = await runIndicatorJob({ runId: ulid(), trigger: 'manual' }, deps);
    if (result.outcome !== 'published') throw new Error(result.reason);
    counts = {
      projects: result.run.counts?.projects ?? 0,
      reports: result.run.counts?.reports ?? 0,
      items: result.run.counts?.items ?? 0,
    };
  } else {
    if (begun?.outcome !== 'planned') throw new Error('The run was not planned');
    const summary = await mapShard(begun.plan, 0, deps);
    counts = { projects: summary.projects, reports: summary.reports };
  }
  const ms = performance.now() - start;
  sample();
  clearInterval(sampler);
  const result: ScalePass = {
    mode,
    ms,
    ...counts,
    shardSize,
    baseHeapMb: mb(base.heapUsed),
    peakHeapMb: mb(peakHeap),
    peakRssMb: mb(peakRss),
  };
  writeSync(1, `${JSON.stringify(result)}\n`);
  client.destroy();
}

await main();
