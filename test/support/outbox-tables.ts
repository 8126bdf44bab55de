/**
 * Tables of their own for the tests that read the outboxes of the domain events: other test files
 * running at the same time write decisions too, and the local bus deletes what it delivers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import { type TableId, tables } from '../../shared/tables.ts';

/** A document client on the integration DynamoDB Local. */
export const outboxTestClient = createDocumentClient(
  new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);

/** Creates the tracker's tables under `prefix` (once) and answers their names. */
export async function outboxTestTables(prefix: string): Promise<Record<TableId, string>> {
  const admin = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(admin, prefix);
  admin.destroy();
  return Object.fromEntries(
    Object.values(tables).map((definition) => [definition.id, localTableName(definition, prefix)]),
  ) as Record<TableId, string>;
}

/** Every event waiting in a table's outbox, oldest first. */
export async function outboxEvents(tableName: string): Promise<DomainEvent[]> {
  const outbox = new DynamoOutbox(outboxTestClient, tableName);
  const events: DomainEvent[] = [];
  for (;;) {
    const page = await outbox.pending(100, events.at(-1)?.id);
    events.push(...page);
    if (page.length < 100) return events;
  }
}
