/** Points the functions at the integration DynamoDB Local before any handler module is imported. */
import { inject } from 'vitest';
import { localTableEnvironment } from '../../infra/local/create-tables.ts';
import { integrationTablePrefix } from './dynamodb-global-setup.ts';

Object.assign(process.env, {
  ...localTableEnvironment(integrationTablePrefix),
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  STAGE: 'test',
});
