/**
 * The indicators table: runs, their items, and the pointer to the latest published run.
 *
 * Items (pk / sk):
 * - run:     `RUN#<runId>` / `META` — gsi1 `RUNS` / `<runId>` lists runs newest first (run ids are ULIDs)
 * - item:    `RUN#<runId>` / `ITEM#<granularity>#<period>#<slice>#<key>` — one indicator group
 * - pointer: `LATEST` / `POINTER` — `{runId}` of the latest published run
 *
 * Access patterns: a run's items in sort-key order, narrowed by a key prefix for the leading
 * filters given (granularity, then period, slice, key) and filtered for the rest, one bounded page
 * per request (a rare filter gives a short page with a cursor, never a walk of the run); runs
 * newest first.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, MalformedInputError } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/events/schema.ts';
import type { IndicatorRunStore, ItemQuery, StoredItem } from '../../domain/indicator-runs/ports.ts';
import type { IndicatorRun } from '../../domain/indicator-runs/run.ts';
import type { IndicatorItem } from '../../domain/indicators/compute.ts';
import type { Item } from './items.ts';
import { outboxPuts } from './outbox.ts';

const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'META' });
const pointerKey = { pk: 'LATEST', sk: 'POINTER' };
const itemSortKey = (item: Pick<IndicatorItem, 'granularity' | 'period' | 'slice' | 'key'>) =>
  `ITEM#${item.granularity}#${item.period}#${item.slice}#${item.key}`;

const batchWriteLimit = 25;
/** Batch writes in flight at once while a run's items are written. */
const parallelBatches = 8;

/** The fields of a run, in the order responses show them. */
const runFields = [
  'runId',
  'state',
  'trigger',
  'startedAt',
  'finishedAt',
  'inputsHash',
  'calcVersion',
  'gwpSets',
  'factorVersions',
  'counts',
  'failure',
  'retention',
] as const;

function runFromItem(item: Item): IndicatorRun {
  const run: Record<string, unknown> = {};
  for (const field of runFields) if (item[field] !== undefined) run[field] = item[field];
  return run as unknown as IndicatorRun;
}

function storedItemOf(item: Item): StoredItem {
  return {
    granularity: item.granularity as IndicatorItem['granularity'],
    period: String(item.period),
    slice: item.slice as IndicatorItem['slice'],
    key: String(item.key),
    indicators: JSON.parse(String(item.indicatorsJson)) as IndicatorItem['indicators'],
    // Items of runs from before disclosure control have no pattern; the reads fail closed on them.
    ...(typeof item.confStatusJson === 'string'
      ? { confStatus: JSON.parse(item.confStatusJson) as NonNullable<IndicatorItem['confStatus']> }
      : {}),
    position: String(item.sk),
  };
}

/** Indicator runs in DynamoDB. */
export class DynamoIndicatorRunStore implements IndicatorRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(run: IndicatorRun): Promise<'started' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...runKey(run.runId), entity: 'run', gsi1pk: 'RUNS', gsi1sk: run.runId, ...run },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async get(runId: string): Promise<IndicatorRun | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: runKey(runId), ConsistentRead: true }),
    );
    return Item ? runFromItem(Item) : undefined;
  }

  /**
   * Writes the items in batches of 25, `parallelBatches` batches in flight, each batch's unprocessed
   * items retried with backoff. Items that expire carry `expiresAt` (epoch seconds), the table's TTL
   * attribute.
   */
  async writeItems(
    runId: string,
    items: readonly IndicatorItem[],
    options: { readonly expiresAt?: string } = {},
  ): Promise<void> {
    const expiresAt =
      options.expiresAt === undefined ? undefined : Math.floor(Date.parse(options.expiresAt) / 1000);
    const starts = Array.from(
      { length: Math.ceil(items.length / batchWriteLimit) },
      (_, i) => i * batchWriteLimit,
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < starts.length) {
        const start = starts[next++] as number;
        await this.writeBatch(runId, items.slice(start, start + batchWriteLimit), expiresAt);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallelBatches, starts.length) }, worker));
  }

  private async writeBatch(
    runId: string,
    batch: readonly IndicatorItem[],
    expiresAt: number | undefined,
  ): Promise<void> {
    let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = batch.map(
      (item) => ({
        PutRequest: {
          Item: {
            pk: `RUN#${runId}`,
            sk: itemSortKey(item),
            entity: 'indicator_item',
            granularity: item.granularity,
            period: item.period,
            slice: item.slice,
            key: item.key,
            // Kept as the exact JSON text: DynamoDB maps do not keep key order, and a rerun over the
            // same inputs must read back byte for byte the same.
            indicatorsJson: JSON.stringify(item.indicators),
            ...(item.confStatus ? { confStatusJson: JSON.stringify(item.confStatus) } : {}),
            ...(expiresAt === undefined ? {} : { expiresAt }),
          },
        },
      }),
    );
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
      if (attempt > 8) throw new Error('DynamoDB left indicator items unprocessed after 8 retries');
      const result: BatchWriteCommandOutput = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = result.UnprocessedItems?.[this.tableName];
    }
  }

  async claim(runId: string, attempt: string, now: string, leaseUntil: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: runKey(runId),
          UpdateExpression: 'SET attempt = :attempt, leaseUntil = :leaseUntil',
          ConditionExpression:
            '#state = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':attempt': attempt,
            ':leaseUntil': leaseUntil,
            ':now': now,
            ':running': 'running',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async publish(run: IndicatorRun, attempt: string, events: readonly DomainEvent[] = []): Promise<void> {
    const { runId, state: _state, trigger: _trigger, startedAt: _startedAt, ...finished } = run;
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = {
      ':published': 'published',
      ':running': 'running',
      ':attempt': attempt,
    };
    const sets = ['#state = :published'];
    for (const [field, value] of Object.entries(finished)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: runKey(runId),
                UpdateExpression: `SET ${sets.join(', ')}`,
                ConditionExpression: '#state = :running AND attempt = :attempt',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              // Run ids sort by start time: the pointer only ever moves to a newer run, so a slow
              // older run finishing late does not replace newer figures.
              Put: {
                TableName: this.tableName,
                Item: { ...pointerKey, entity: 'pointer', runId },
                ConditionExpression: 'attribute_not_exists(runId) OR runId < :runId',
                ExpressionAttributeValues: { ':runId': runId },
              },
            },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConflictError(
          `Run ${runId} is no longer running under this attempt; it cannot be published`,
        );
      }
      throw error;
    }
  }

  async fail(runId: string, failure: string, finishedAt: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: runKey(runId),
          UpdateExpression: 'SET #state = :failed, failure = :failure, finishedAt = :finishedAt',
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':running': 'running',
            ':failure': failure,
            ':finishedAt': finishedAt,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async latestRunId(): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: pointerKey, ConsistentRead: true }),
    );
    return typeof Item?.runId === 'string' ? Item.runId : undefined;
  }

  async list(limit: number, beforeRunId?: string): Promise<{ runs: IndicatorRun[]; more: boolean }> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: beforeRunId ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'RUNS', ...(beforeRunId ? { ':before': beforeRunId } : {}) },
        ScanIndexForward: false,
        Limit: limit + 1,
      }),
    );
    return { runs: Items.slice(0, limit).map(runFromItem), more: Items.length > limit };
  }

  async items(runId: string, query: ItemQuery): Promise<{ items: StoredItem[]; after?: string }> {
    const levels = [query.granularity, query.period, query.slice, query.key];
    const prefixParts: string[] = [];
    for (const level of levels) {
      if (level === undefined) break;
      prefixParts.push(level);
    }
    // Every level given so far ends with `#`, except a full key (all four levels), which is exact.
    const prefix = `ITEM#${prefixParts.join('#')}${prefixParts.length > 0 && prefixParts.length < 4 ? '#' : ''}`;
    if (query.after !== undefined && !query.after.startsWith(prefix)) {
      throw new MalformedInputError('The cursor is not valid for this listing', [
        { path: 'cursor', message: 'Not a cursor this listing issued' },
      ]);
    }
    const filtered = (['granularity', 'period', 'slice', 'key'] as const).filter(
      (field, i) => query[field] !== undefined && i >= prefixParts.length,
    );
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': `RUN#${runId}`, ':prefix': prefix };
    for (const field of filtered) {
      names[`#${field}`] = field;
      values[`:${field}`] = query[field];
    }
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(filtered.length > 0
          ? {
              FilterExpression: filtered.map((f) => `#${f} = :${f}`).join(' AND '),
              ExpressionAttributeNames: names,
            }
          : {}),
        ExpressionAttributeValues: values,
        // One bounded read whatever the filters: a rare key gives a short page, never a walk of the run.
        Limit: query.limit + 1,
        ...(query.after ? { ExclusiveStartKey: { pk: `RUN#${runId}`, sk: query.after } } : {}),
      }),
    );
    const found = (page.Items ?? []).map(storedItemOf);
    const last = found.at(query.limit - 1);
    if (found.length > query.limit && last)
      return { items: found.slice(0, query.limit), after: last.position };
    const stoppedAt = page.LastEvaluatedKey?.sk;
    return { items: found, ...(typeof stoppedAt === 'string' ? { after: stoppedAt } : {}) };
  }
}
