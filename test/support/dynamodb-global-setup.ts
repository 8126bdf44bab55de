/** Starts one in-memory DynamoDB Local with the tracker's tables for the integration tests. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { ensureTables } from '../../infra/local/create-tables.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export const integrationTablePrefix = 'jucip-test';

export default async function setup(project: TestProject) {
  const database = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: database.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(client, integrationTablePrefix);
  client.destroy();
  project.provide('dynamodbEndpoint', database.endpoint);
  return async () => {
    await database.stop();
  };
}
