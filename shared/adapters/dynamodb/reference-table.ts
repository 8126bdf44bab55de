/**
 * The reference table: emission factors and FX rates, admin-kept and versioned.
 *
 * Items (pk / sk):
 * - FX rate, current:   `FX#<currency>` / `YEAR#<yyyy>` — gsi1 `FX` / `<currency>#<yyyy>` lists every rate
 * - FX rate, a version: `FX#<currency>` / `YEAR#<yyyy>#V#<version, 8 digits>` — kept for ever
 * - factor, current:    `FACTOR#<id>` / `CURRENT` — gsi1 `FACTOR` / `<id>` lists every factor
 * - factor, a version:  `FACTOR#<id>` / `V#<version, 8 digits>` — kept for ever (reports cite versions)
 *
 * Access patterns: the current rates of a set of (currency, year) pairs (BatchGet); one current
 * factor or rate (GetItem); all current factors or rates in key order (gsi1).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '../../domain/errors.ts';
import type { FxRateSource } from '../../domain/projects/ports.ts';
import type { EmissionFactor } from '../../domain/reference/emission-factors.ts';
import { fxKey } from '../../domain/reference/fx.ts';
import type { FxRateRecord } from '../../domain/reference/fx-rate-input.ts';
import type { ReferencePage, ReferenceRepository } from '../../domain/reference/ports.ts';
import { isConditionFailure } from './errors.ts';
import { type Item, paddedVersion, recordOf } from './items.ts';

const fxRateKey = (currency: string, year: number) => ({ pk: `FX#${currency}`, sk: `YEAR#${year}` });
const factorKey = (id: string) => ({ pk: `FACTOR#${id}`, sk: 'CURRENT' });

/** BatchGetItem takes at most 100 keys a call. */
const batchGetLimit = 100;

/** Reference data in DynamoDB. */
export class DynamoReferenceRepository implements ReferenceRepository, FxRateSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async usdRates(pairs: ReadonlyArray<{ currency: string; year: number }>): Promise<Map<string, number>> {
    const rates = new Map<string, number>();
    const unique = [...new Map(pairs.map((p) => [fxKey(p.currency, p.year), p])).values()];
    for (let start = 0; start < unique.length; start += batchGetLimit) {
      let keys: Item[] | undefined = unique
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
      if (keys && keys.length > 0) throw new Error('DynamoDB left FX rate keys unprocessed after 5 attempts');
    }
    return rates;
  }

  async factor(id: string): Promise<EmissionFactor | undefined> {
    return this.getItem<EmissionFactor>(factorKey(id));
  }

  async putFactor(previous: EmissionFactor | undefined, next: EmissionFactor): Promise<void> {
    await this.putVersioned(
      { ...factorKey(next.id), entity: 'emission_factor', gsi1pk: 'FACTOR', gsi1sk: next.id, ...next },
      {
        pk: `FACTOR#${next.id}`,
        sk: `V#${paddedVersion(next.version)}`,
        entity: 'emission_factor_version',
        ...next,
      },
      previous?.version,
    );
  }

  async listFactors(limit: number, afterId?: string): Promise<ReferencePage<EmissionFactor>> {
    return this.listIndex<EmissionFactor>('FACTOR', limit, afterId);
  }

  async fxRate(currency: string, year: number): Promise<FxRateRecord | undefined> {
    return this.getItem<FxRateRecord>(fxRateKey(currency, year));
  }

  async putFxRate(previous: FxRateRecord | undefined, next: FxRateRecord): Promise<void> {
    const key = fxRateKey(next.currency, next.year);
    await this.putVersioned(
      { ...key, entity: 'fx_rate', gsi1pk: 'FX', gsi1sk: `${next.currency}#${next.year}`, ...next },
      { pk: key.pk, sk: `${key.sk}#V#${paddedVersion(next.version)}`, entity: 'fx_rate_version', ...next },
      previous?.version,
    );
  }

  async listFxRates(limit: number, afterKey?: string): Promise<ReferencePage<FxRateRecord>> {
    return this.listIndex<FxRateRecord>('FX', limit, afterKey);
  }

  private async getItem<T>(key: Item): Promise<T | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? recordOf<T>(Item) : undefined;
  }

  /** Writes the current item (if still at `expectedVersion`, or absent) and the immutable version item together. */
  private async putVersioned(
    current: Item,
    version: Item,
    expectedVersion: number | undefined,
  ): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: current,
                ...(expectedVersion === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: '#version = :expected',
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: { ':expected': expectedVersion },
                    }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: version,
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new VersionConflictError('Another change to this record landed first; read it again and retry');
      }
      throw error;
    }
  }

  private async listIndex<T>(partition: string, limit: number, after?: string): Promise<ReferencePage<T>> {
    const items: T[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': partition, ...(after ? { ':after': after } : {}) },
          Limit: limit + 1 - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []).map((item) => recordOf<T>(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length <= limit);
    return { items: items.slice(0, limit), more: items.length > limit };
  }
}
