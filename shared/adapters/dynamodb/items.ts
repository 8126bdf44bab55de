/** What every table's items share: the key and index attributes that are not part of the record. */
import { tables } from '../../tables.ts';

/**
 * Attributes an item carries for DynamoDB's sake, never part of a record: the entity tag and every
 * key and index key of the tables this project lays out itself (`shared/tables.ts`; the idempotency
 * table keeps Powertools' layout, `idempotency-table.ts`, and its `id` key is no storage attribute of ours).
 */
const storageAttributes: ReadonlySet<string> = new Set([
  'entity',
  ...Object.values(tables)
    .filter((table) => table.partitionKey.name === 'pk')
    .flatMap((table) => [
      table.partitionKey,
      table.sortKey,
      ...table.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ])
    .flatMap((key) => (key ? [key.name] : [])),
  // The review queue's copy of a report's project host country (`review-queue.ts`).
  'queueHostCountry',
]);

/** An item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/**
 * A version or revision number as it sorts in a key: eight digits, zero-padded, so that string
 * order is number order (`V#00000012` after `V#00000009`).
 */
export function paddedVersion(version: number): string {
  return String(version).padStart(8, '0');
}

/** The record stored in an item: the item without its storage attributes. */
export function recordOf<T>(item: Readonly<Record<string, unknown>>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.has(name))) as T;
}
