import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { tableDefinitions } from '../../shared/tables.ts';
import { integrationTablePrefix } from '../support/dynamodb-global-setup.ts';

const client = new DynamoDBClient({
  endpoint: inject('dynamodbEndpoint'),
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

afterAll(() => client.destroy());

describe('local table creation', () => {
  it.each(tableDefinitions.map((d) => [d.id, d] as const))(
    'creates the %s table with the defined keys and indexes',
    async (_id, definition) => {
      const { Table } = await client.send(
        new DescribeTableCommand({ TableName: localTableName(definition, integrationTablePrefix) }),
      );
      expect(Table?.KeySchema).toEqual([
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
        definition.globalIndexes.map((i) => i.indexName).sort(),
      );
    },
  );

  it('creates nothing when the tables already exist', async () => {
    expect(await ensureTables(client, integrationTablePrefix)).toEqual([]);
  });
});
