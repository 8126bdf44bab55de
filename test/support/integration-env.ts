/** Points the functions at the integration DynamoDB Local before any handler module is imported. */
import { inject } from 'vitest';
import { localTableEnvironment } from '../../infra/local/create-tables.ts';
import { localBucketName } from '../../infra/local/s3-local.ts';
import { bucketDefinitions } from '../../shared/buckets.ts';
import { integrationTablePrefix } from './dynamodb-global-setup.ts';

Object.assign(process.env, {
  ...localTableEnvironment(integrationTablePrefix),
  // No S3 server unless a test starts its own (and sets these again): a call that escapes fails.
  ...Object.fromEntries(bucketDefinitions.map((d) => [d.envVar, localBucketName(d)])),
  S3_ENDPOINT: 'http://127.0.0.1:9',
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  STAGE: 'test',
});
