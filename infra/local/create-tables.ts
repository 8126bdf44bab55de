/** Creates the tracker's tables in a DynamoDB (Local) from the shared definitions, if missing. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableDefinition, tableDefinitions } from '../../shared/tables.ts';

/** The physical table name the local runtime uses for a definition. */
export function localTableName(definition: TableDefinition, prefix = 'jucip-local'): string {
  return `${prefix}-${definition.id}`;
}

/** The environment that tells functions the local table names (`PROJECTS_TABLE_NAME=...`). */
export function localTableEnvironment(prefix = 'jucip-local'): Record<string, string> {
  return Object.fromEntries(tableDefinitions.map((d) => [d.envVar, localTableName(d, prefix)]));
}

/** The `CreateTable` input for a definition: on-demand, keys and indexes exactly as defined. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    definition.partitionKey,
    ...(definition.sortKey ? [definition.sortKey] : []),
    ...definition.globalIndexes.flatMap((index) => [
      index.partitionKey,
      ...(index.sortKey ? [index.sortKey] : []),
    ]),
  ];
  const attributeDefinitions = [...new Map(keyAttributes.map((a) => [a.name, a])).values()].map((a) => ({
    AttributeName: a.name,
    AttributeType: a.type,
  }));
  const keySchema = (partition: { name: string }, sort?: { name: string }) => [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

/** The names of a table's global secondary indexes, or undefined when the table does not exist. */
async function existingIndexes(client: DynamoDBClient, tableName: string): Promise<Set<string> | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? ''));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Adds the indexes a definition gained since a persisted local table was created (as a deployment
 * adds them in AWS), one at a time as DynamoDB allows.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
  present: ReadonlySet<string>,
): Promise<void> {
  const input = createTableInput(definition, tableName);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName ?? '')) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
            },
          },
        ],
      }),
    );
  }
}

/** Creates every table that does not exist yet; answers the names of those it created. */
export async function ensureTables(client: DynamoDBClient, prefix = 'jucip-local'): Promise<string[]> {
  const created: string[] = [];
  for (const definition of tableDefinitions) {
    const tableName = localTableName(definition, prefix);
    const indexes = await existingIndexes(client, tableName);
    if (indexes !== undefined) {
      await addMissingIndexes(client, definition, tableName, indexes);
      continue;
    }
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
      created.push(tableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    if (definition.timeToLiveAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
  return created;
}
