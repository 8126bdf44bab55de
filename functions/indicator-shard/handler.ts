/**
 * The indicator workflow's map step (`docs/indicator-job.md`): the Distributed Map invokes it once per
 * shard object; it reads the shard's projects and their latest reports and stores the partial result.
 */
import type { Context } from 'aws-lambda';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { S3RunWorkspace, shardOfKey } from '../../shared/adapters/s3/run-workspace.ts';
import { buckets } from '../../shared/buckets.ts';
import { bucketName, tableName } from '../../shared/config/env.ts';
import { mapShard } from '../../shared/domain/indicator-runs/job.ts';
import type { ShardStepEvent, ShardStepResult } from '../../shared/domain/indicator-runs/workflow.ts';
import { logger } from '../../shared/observability/logger.ts';

const deps = {
  inputs: new DynamoIndicatorInputs(documentClient, {
    projects: tableName('projects'),
    metrics: tableName('metrics'),
  }),
  workspace: new S3RunWorkspace(createS3Client(), bucketName('jobs'), buckets.jobs.objectPrefix),
};

export const handler = async (event: ShardStepEvent, context: Context): Promise<ShardStepResult> => {
  logger.addContext(context);
  const shard = shardOfKey(buckets.jobs.objectPrefix, event.runId, event.key);
  logger.appendKeys({ runId: event.runId, shard });
  try {
    const summary = await mapShard({ runId: event.runId, startedAt: event.startedAt }, shard, deps);
    logger.info('Indicator shard mapped', { ...summary });
    return summary;
  } finally {
    logger.resetKeys();
  }
};
