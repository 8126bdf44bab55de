/** Points in-process handlers at the suite's DynamoDB Local (the tables the local runtime created). */
import { inject } from 'vitest';
import { localTableEnvironment } from '../../../infra/local/create-tables.ts';

Object.assign(process.env, {
  ...localTableEnvironment(),
  DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  STAGE: 'local',
});
