/**
 * The indicator job (`docs/indicator-job.md`). In AWS it is the first step of the indicator workflow
 * (`{step: 'begin', …}`, the execution's input): it records and claims the run and lists the
 * projects into shards in the jobs bucket. Locally (the local scheduler, the admin route) it gets
 * `{source, trigger: 'schedule', scheduledTime}` or `{trigger: 'manual', runId}` and runs the whole
 * job in this process: the same steps, with the same S3 workspace. A scheduled run's id is derived
 * from its scheduled time, so a duplicate delivery of the same schedule works on the same run
 * instead of starting another.
 */
import { createHash } from 'node:crypto';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { releaseWriterFromEnvironment } from '../../shared/adapters/s3/release-writer.ts';
import { S3RunWorkspace, shardsPrefix } from '../../shared/adapters/s3/run-workspace.ts';
import { buckets } from '../../shared/buckets.ts';
import { bucketName, tableName } from '../../shared/config/env.ts';
import { isUlid } from '../../shared/domain/ids.ts';
import {
  beginIndicatorRun,
  type IndicatorJobResult,
  runIndicatorJob,
} from '../../shared/domain/indicator-runs/job.ts';
import {
  type IndicatorRun,
  lastCompleteMonth,
  type RunTrigger,
} from '../../shared/domain/indicator-runs/run.ts';
import type { BeginStepEvent, BeginStepResult } from '../../shared/domain/indicator-runs/workflow.ts';
import { InMemoryRunWorkspace } from '../../shared/domain/indicator-runs/workspace.ts';
import { logger } from '../../shared/observability/logger.ts';

const metrics = new Metrics({ namespace: 'JucipTracker', serviceName: 'indicator-job' });
const runs = new DynamoIndicatorRunStore(documentClient, tableName('indicators'));
// The jobs bucket is where a workflow's steps meet; a run in one process without it (a test harness
// with no S3) keeps its workspace in memory. The workflow's first step needs the bucket.
const jobsBucket = process.env[buckets.jobs.envVar] ? bucketName('jobs') : undefined;
const workspace = jobsBucket
  ? new S3RunWorkspace(createS3Client(), jobsBucket, buckets.jobs.objectPrefix)
  : new InMemoryRunWorkspace();
const deps = {
  inputs: new DynamoIndicatorInputs(documentClient, {
    projects: tableName('projects'),
    metrics: tableName('metrics'),
  }),
  runs,
  releases: releaseWriterFromEnvironment(runs),
  now,
  disclosure: disclosureFromEnvironment(),
  workspace,
  ...shardingFromEnvironment(),
  ...retentionFromEnvironment(),
};

/** `INDICATOR_RETENTION_DAYS`: days a run's items are kept unless kept for good (400 when unset). */
function retentionFromEnvironment(): { retentionDays?: number } {
  const value = process.env.INDICATOR_RETENTION_DAYS;
  return value === undefined || value === '' ? {} : { retentionDays: Number(value) };
}

/** `INDICATOR_SHARD_SIZE` (projects per shard), when set; the job's default otherwise. */
function shardingFromEnvironment(): { shardSize?: number } {
  const value = process.env.INDICATOR_SHARD_SIZE;
  return value === undefined || value === '' ? {} : { shardSize: Number(value) };
}

/**
 * Disclosure control's minimum number of contributors, `INDICATOR_MIN_CONTRIBUTORS` (3 when unset;
 * values below 3 are refused when the job runs, see `docs/disclosure-control.md`).
 */
function disclosureFromEnvironment(): { minContributors?: number } {
  const value = process.env.INDICATOR_MIN_CONTRIBUTORS;
  return value === undefined || value === '' ? {} : { minContributors: Number(value) };
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID whose time is the scheduled time and whose random part is derived from it: one run per schedule tick. */
export function runIdForSchedule(scheduledTime: string): string {
  const time = ulid(Date.parse(scheduledTime)).slice(0, 10);
  const digest = createHash('sha256').update(scheduledTime).digest();
  const random = Array.from({ length: 16 }, (_, i) => crockford[(digest[i] ?? 0) % 32]).join('');
  return `${time}${random}`;
}

interface JobEvent {
  readonly trigger?: RunTrigger;
  readonly runId?: string;
  readonly scheduledTime?: string;
}

function requestOf(event: JobEvent): { runId: string; trigger: RunTrigger } {
  if (event.trigger === 'manual' && typeof event.runId === 'string' && isUlid(event.runId)) {
    return { runId: event.runId, trigger: 'manual' };
  }
  if (typeof event.scheduledTime === 'string' && !Number.isNaN(Date.parse(event.scheduledTime))) {
    return { runId: runIdForSchedule(event.scheduledTime), trigger: 'schedule' };
  }
  return { runId: ulid(), trigger: event.trigger === 'manual' ? 'manual' : 'schedule' };
}

export const handler = async (
  event: JobEvent | BeginStepEvent,
  context: Context,
): Promise<IndicatorJobResult | BeginStepResult> => {
  if (event && 'step' in event && event.step === 'begin') return begin(event, context);
  return wholeRun(event, context);
};

/** The workflow's first step: record, claim, shard. */
async function begin(event: BeginStepEvent, context: Context): Promise<BeginStepResult> {
  logger.addContext(context);
  const request = requestOf(event);
  logger.appendKeys({ runId: request.runId, trigger: request.trigger });
  try {
    const bucket = jobsBucket ?? bucketName('jobs');
    const begun = await beginIndicatorRun(request, deps);
    if (begun.outcome === 'skipped') {
      logger.info('Indicator run skipped', { reason: begun.reason });
      return begun;
    }
    logger.info('Indicator run sharded', { shards: begun.plan.shards, projects: begun.plan.projects });
    return {
      ...begun,
      shards: { bucket, prefix: shardsPrefix(buckets.jobs.objectPrefix, request.runId) },
    };
  } finally {
    logger.resetKeys();
  }
}

/** The whole job in this process (locally). */
async function wholeRun(event: JobEvent, context: Context): Promise<IndicatorJobResult> {
  logger.addContext(context);
  const started = Date.now();
  const request = requestOf(event ?? {});
  logger.appendKeys({ runId: request.runId, trigger: request.trigger });
  try {
    const result = await runIndicatorJob(request, deps);
    if (result.outcome === 'published') {
      const { counts } = result.run;
      logger.info('Indicator run published', { counts, inputsHash: result.run.inputsHash });
      metrics.addMetric('ProjectsRead', MetricUnit.Count, counts?.projects ?? 0);
      metrics.addMetric('ReportsRead', MetricUnit.Count, counts?.reports ?? 0);
      metrics.addMetric('IndicatorItems', MetricUnit.Count, counts?.items ?? 0);
      for (const [name, value] of Object.entries(await headline(result.run))) {
        metrics.addMetric(name, MetricUnit.NoUnit, value);
      }
    } else {
      logger.info('Indicator run skipped', { reason: result.reason });
    }
    metrics.addMetric('JobDuration', MetricUnit.Milliseconds, Date.now() - started);
    return result;
  } catch (error) {
    metrics.addMetric('JobFailed', MetricUnit.Count, 1);
    logger.error('Indicator run failed', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
    logger.resetKeys();
  }
}

/** The headline figures of the last complete month, `all` slice, as metrics for the operators. */
async function headline(run: IndicatorRun): Promise<Record<string, number>> {
  const period = lastCompleteMonth(run.startedAt);
  const { items } = await runs.items(run.runId, {
    granularity: 'month',
    period,
    slice: 'all',
    key: 'all',
    limit: 1,
  });
  const indicators: Record<string, unknown> = items[0]?.indicators ?? {};
  const figures: Record<string, number> = {};
  for (const name of headlineIndicators) {
    const value = indicators[name];
    if (typeof value === 'number') figures[name] = value;
  }
  return figures;
}

const headlineIndicators = [
  'operating_capacity_mw',
  'emission_reductions_tco2e',
  'investment_cumulative_usd',
  'verified_share',
  'reporting_coverage',
];
