/** Full dumps of the local runtime's five tables, to prove a request wrote nothing. */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localTableName } from '../../../infra/local/create-tables.ts';
import { tableDefinitions } from '../../../shared/tables.ts';

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
