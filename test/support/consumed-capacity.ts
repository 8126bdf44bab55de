/**
 * Measures what requests cost in DynamoDB read units: a middleware on a document client asks every
 * call for its consumed capacity (`ReturnConsumedCapacity: 'TOTAL'`) and sums what comes back.
 * Used by the bounded-reads tests (docs/operations.md) on DynamoDB Local, which reports capacity
 * the way DynamoDB does (4 KiB read units, half a unit for an eventually consistent read).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface Consumed {
  readonly CapacityUnits?: number;
}

/** Counts the read units and calls of everything sent through `client` from now on. */
export function meterCapacity(client: DynamoDBDocumentClient) {
  let units = 0;
  let calls = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        units += entry.CapacityUnits ?? 0;
      }
      calls += 1;
      return result;
    },
    { step: 'initialize', name: 'meterConsumedCapacity' },
  );
  return {
    /** Runs `action` and answers what it cost. */
    async measure<T>(action: () => Promise<T>): Promise<{ result: T; readUnits: number; calls: number }> {
      const [unitsBefore, callsBefore] = [units, calls];
      const result = await action();
      return { result, readUnits: units - unitsBefore, calls: calls - callsBefore };
    },
  };
}

/** The read units of a single read of this many bytes (one 4 KiB unit, halved when eventually consistent). */
export function readUnitsOf(bytes: number, consistent: boolean): number {
  return Math.ceil(bytes / 4096) * (consistent ? 1 : 0.5);
}

/**
 * An item's size as DynamoDB counts it: attribute names plus values (strings in UTF-8 bytes,
 * numbers up to 21 bytes, one byte per element and three per map or list).
 */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  const valueBytes = (value: unknown): number => {
    if (value === null || typeof value === 'boolean') return 1;
    if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
    if (typeof value === 'number') return 21;
    if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
    if (typeof value === 'object') {
      return (
        3 +
        Object.entries(value as Record<string, unknown>).reduce(
          (sum, [name, v]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueBytes(v),
          0,
        )
      );
    }
    return 0;
  };
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueBytes(value),
    0,
  );
}
