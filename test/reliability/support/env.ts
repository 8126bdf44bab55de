/**
 * Points in-process handlers at the suite's DynamoDB Local (the tables the local runtime created)
 * and its S3-compatible server (the buckets it created).
 */
import { inject } from 'vitest';
import { localTableEnvironment } from '../../../infra/local/create-tables.ts';
import { localBucketEnvironment } from '../../../infra/local/s3-local.ts';

Object.assign(process.env, {
  ...localTableEnvironment(),
  ...localBucketEnvironment(inject('s3Endpoint')),
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  STAGE: 'local',
});
