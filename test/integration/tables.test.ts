import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTableInput, ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { tableDefinitions, tables } from '../../shared/tables.ts';
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

  it('adds the indexes a definition gained to a table created before them', async () => {
    const prefix = `jucip-older-${randomUUID().slice(0, 8)}`;
    const name = localTableName(tables.projects, prefix);
    const older = { ...tables.projects, globalIndexes: tables.projects.globalIndexes.slice(0, 3) };
    await client.send(new CreateTableCommand(createTableInput(older, name)));

    await ensureTables(client, prefix);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual([
      'gsi1',
      'gsi2',
      'gsi3',
      'gsi4',
    ]);
  });
});
