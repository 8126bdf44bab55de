/**
 * The indicator workflow's last step (`docs/indicator-job.md`): `finish` merges the shards' partial
 * results in shard order, applies disclosure control, writes the items and publishes the run; `fail`
 * records a run whose workflow failed, so that it is never served.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { releaseWriterFromEnvironment } from '../../shared/adapters/s3/release-writer.ts';
import { S3RunWorkspace } from '../../shared/adapters/s3/run-workspace.ts';
import { buckets } from '../../shared/buckets.ts';
import { bucketName, tableName } from '../../shared/config/env.ts';
import {
  failIndicatorRun,
  finishIndicatorRun,
  type IndicatorJobResult,
} from '../../shared/domain/indicator-runs/job.ts';
import type { PublishStepEvent } from '../../shared/domain/indicator-runs/workflow.ts';
import { logger } from '../../shared/observability/logger.ts';

const metrics = new Metrics({ namespace: 'JucipTracker', serviceName: 'indicator-job' });
const minContributors = process.env.INDICATOR_MIN_CONTRIBUTORS;
const runs = new DynamoIndicatorRunStore(documentClient, tableName('indicators'));
const deps = {
  runs,
  releases: releaseWriterFromEnvironment(runs),
  workspace: new S3RunWorkspace(createS3Client(), bucketName('jobs'), buckets.jobs.objectPrefix),
  now,
  // See the indicator job's handler: 3 when unset, below 3 refused.
  disclosure:
    minContributors === undefined || minContributors === ''
      ? {}
      : { minContributors: Number(minContributors) },
  // See the indicator job's handler: 400 days when unset.
  ...(process.env.INDICATOR_RETENTION_DAYS
    ? { retentionDays: Number(process.env.INDICATOR_RETENTION_DAYS) }
    : {}),
};

export const handler = async (
  event: PublishStepEvent,
  context: Context,
): Promise<IndicatorJobResult | { outcome: 'failed'; runId: string }> => {
  logger.addContext(context);
  logger.appendKeys({ runId: event.plan.runId });
  try {
    if (event.step === 'fail') {
      await failIndicatorRun(event.plan.runId, deps);
      metrics.addMetric('JobFailed', MetricUnit.Count, 1);
      logger.error('Indicator run failed in the workflow');
      return { outcome: 'failed', runId: event.plan.runId };
    }
    const result = await finishIndicatorRun(event.plan, deps);
    if (result.outcome === 'published') {
      const { counts } = result.run;
      logger.info('Indicator run published', { counts, inputsHash: result.run.inputsHash });
      metrics.addMetric('ProjectsRead', MetricUnit.Count, counts?.projects ?? 0);
      metrics.addMetric('ReportsRead', MetricUnit.Count, counts?.reports ?? 0);
      metrics.addMetric('IndicatorItems', MetricUnit.Count, counts?.items ?? 0);
    } else {
      logger.info('Indicator run skipped', { reason: result.reason });
    }
    return result;
  } finally {
    metrics.publishStoredMetrics();
    logger.resetKeys();
  }
};
