/** Full dumps of the local runtime's tables, to prove a request wrote nothing. */
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localTableName } from '../../../infra/local/create-tables.ts';
import { outboxTableDefinitions, tableDefinitions } from '../../../shared/tables.ts';

/** How long the runtime's event bus may take to deliver what earlier (accepted) writes emitted. */
const outboxDrainTimeoutMs = 20_000;

/**
 * Waits until the runtime's in-process bus has delivered every event in the outboxes: an accepted
 * write emits events that the bus delivers a moment later (the notifier then writes notifications),
 * which a dump taken meanwhile would count as a change made by the next request.
 * @throws Error when an outbox is still not empty after the timeout
 */
async function outboxesDrained(endpoint: string, prefix: string): Promise<void> {
  const deadline = Date.now() + outboxDrainTimeoutMs;
  for (;;) {
    let waiting = 0;
    for (const definition of outboxTableDefinitions) {
      const { Count = 0 } = await admin(endpoint).send(
        new QueryCommand({
          TableName: localTableName(definition, prefix),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :outbox',
          ExpressionAttributeValues: { ':outbox': { S: 'OUTBOX' } },
          Select: 'COUNT',
        }),
      );
      waiting += Count;
    }
    if (waiting === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${waiting} domain events still in the outboxes after ${outboxDrainTimeoutMs} ms`);
    await sleep(100);
  }
}

let client: DynamoDBClient | undefined;

function admin(endpoint: string): DynamoDBClient {
  client ??= new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return client;
}

/** Every item of every table, as sorted JSON lines per table. */
export async function dumpTables(
  endpoint = inject('dynamodbEndpoint'),
  prefix = 'jucip-local',
): Promise<Record<string, string[]>> {
  await outboxesDrained(endpoint, prefix);
  const dump: Record<string, string[]> = {};
  for (const definition of tableDefinitions) {
    const name = localTableName(definition, prefix);
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await admin(endpoint).send(
        new ScanCommand({ TableName: name, ExclusiveStartKey: start as never, ConsistentRead: true }),
      );
      for (const item of page.Items ?? []) items.push(stableJson(item));
      start = page.LastEvaluatedKey;
    } while (start);
    dump[definition.id] = items.sort();
  }
  return dump;
}

/** How many items the dump holds in all. */
export function itemCount(dump: Record<string, string[]>): number {
  return Object.values(dump).reduce((sum, items) => sum + items.length, 0);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Fails with a short account of what changed (items added and removed per table), not the whole dump. */
export function expectUnchanged(
  before: Record<string, string[]>,
  after: Record<string, string[]>,
  context = '',
): void {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const now = new Set(after[table] ?? []);
    const added = [...now].filter((item) => !was.has(item));
    const removed = [...was].filter((item) => !now.has(item));
    if (added.length > 0 || removed.length > 0) {
      changes.push(
        `${table}: ${added.length} added, ${removed.length} removed; first: ${(added[0] ?? removed[0] ?? '').slice(0, 300)}`,
      );
    }
  }
  if (changes.length > 0)
    throw new Error(`The database changed${context ? ` (${context})` : ''}:\n${changes.join('\n')}`);
}
