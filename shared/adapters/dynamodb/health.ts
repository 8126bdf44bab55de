/** A cheap reachability probe: one consistent-read-free GetItem of a key that never exists. */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** Resolves when the table answers; rejects with the SDK's error otherwise. */
export async function probeTable(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await client.send(
    new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH#probe', sk: 'HEALTH#probe' } }),
  );
}
