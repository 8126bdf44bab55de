/**
 * The reference table: FX rates (and, with the metrics issue, emission factors).
 *
 * Items (pk / sk):
 * - FX rate: `FX#<currency>` / `YEAR#<yyyy>` — gsi1 `FX` / `<currency>#<yyyy>` lists every rate
 *
 * Access patterns: the rates of a set of (currency, year) pairs (BatchGet); all rates (gsi1).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FxRateSource } from '../../domain/projects/ports.ts';
import { type FxRate, fxKey } from '../../domain/reference/fx.ts';

const fxRateKey = (currency: string, year: number) => ({ pk: `FX#${currency}`, sk: `YEAR#${year}` });

/** BatchGetItem takes at most 100 keys a call. */
const batchGetLimit = 100;

/** FX rates in DynamoDB. */
export class DynamoFxRates implements FxRateSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async usdRates(pairs: ReadonlyArray<{ currency: string; year: number }>): Promise<Map<string, number>> {
    const rates = new Map<string, number>();
    const unique = [...new Map(pairs.map((p) => [fxKey(p.currency, p.year), p])).values()];
    for (let start = 0; start < unique.length; start += batchGetLimit) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(start, start + batchGetLimit)
        .map((p) => fxRateKey(p.currency, p.year));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          rates.set(fxKey(String(item.currency), Number(item.year)), Number(item.usdPerUnit));
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return rates;
  }

  /** Stores a rate (the local seed uses this; the admin route comes with the metrics issue). */
  async put(rate: FxRate, now: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...fxRateKey(rate.currency, rate.year),
          entity: 'fx_rate',
          gsi1pk: 'FX',
          gsi1sk: `${rate.currency}#${rate.year}`,
          ...rate,
          version: 1,
          updatedAt: now,
        },
      }),
    );
  }
}
