/**
 * The metrics table: every revision of every monthly report, and the latest one of each month.
 *
 * Items (pk / sk):
 * - revision: `PROJECT#<id>` / `REV#<yyyy-mm>#<revision, 8 digits>` — every revision, kept for ever
 * - latest:   `PROJECT#<id>` / `LATEST#<yyyy-mm>` — a copy of the month's latest revision, the item
 *   conditional writes guard (`version`)
 *
 * Access patterns: one month's latest or n-th revision (GetItem); a project's months in a range
 * (Query on `LATEST#`, which is also how the indicator job reads each accepted project's months);
 * the latest revision of many months at once (BatchGetItem, for the bulk import).
 * gsi1 is the review queue, sparse: a latest item carries gsi1 `QUEUE` /
 * `<submittedAt>#report#<projectId>#<period>` (and `queueHostCountry`, the project's host country,
 * for the queue's filter) only while its revision is `self_reported`, set and removed by the same
 * write that changes the revision (docs/review-queue.md). Latest items once carried gsi1 `REPORTS`,
 * a partition nothing reads; items written before keep it harmlessly and lose it on their next write.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { chunked, mapLimited } from '../../domain/concurrency.ts';
import { ConflictError, DependencyUnavailableError, VersionConflictError } from '../../domain/errors.ts';
import type {
  MetricsBatchRepository,
  MetricsRepository,
  ReportKey,
  ReportOwner,
  ReportWrite,
  ReportWriteExtras,
  ReportWriteOutcome,
} from '../../domain/metrics/ports.ts';
import type { MetricReport } from '../../domain/metrics/schema.ts';
import { cancellationCode, cancellationCodes } from './cancellation.ts';
import { isConditionFailure, isTransientDatabaseError } from './errors.ts';
import { type Item, paddedVersion, recordOf } from './items.ts';
import { outboxPuts } from './outbox.ts';
import { queuePosition, reviewQueuePartition } from './review-queue-keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const partitionKey = (projectId: string) => `PROJECT#${projectId}`;
const revisionKey = (projectId: string, period: string, revision: number) => ({
  pk: partitionKey(projectId),
  sk: `REV#${period}#${paddedVersion(revision)}`,
});
const latestKey = (projectId: string, period: string) => ({
  pk: partitionKey(projectId),
  sk: `LATEST#${period}`,
});

/** A report's revision item (exported for the API benchmark's bare server, which writes the same items). */
export function revisionItem(report: MetricReport): Item {
  return {
    ...revisionKey(report.projectId, report.period, report.revision),
    entity: 'report_revision',
    ...report,
  };
}

/** A month's latest copy, with its review-queue attributes while it waits for verification. */
export function latestItem(report: MetricReport, owner: ReportOwner | undefined): Item {
  return {
    ...latestKey(report.projectId, report.period),
    entity: 'report_latest',
    ...reportQueueAttributes(report, owner),
    ...report,
  };
}

/** A latest revision's review-queue attributes: present only while it waits for verification. */
function reportQueueAttributes(report: MetricReport, owner: ReportOwner | undefined): Item {
  if (report.verification.state !== 'self_reported') return {};
  return {
    gsi1pk: reviewQueuePartition,
    gsi1sk: queuePosition(report.submittedAt, 'report', `${report.projectId}#${report.period}`),
    ...(owner === undefined ? {} : { queueHostCountry: owner.hostCountry }),
  };
}

/** The report stored in an item. */
export function reportFromItem(item: Item): MetricReport {
  return recordOf<MetricReport>(item);
}

/** BatchGetItem takes at most 100 keys a call. */
const batchGetLimit = 100;
/**
 * Reports per TransactWriteItems call: three items each (the revision, the month's latest copy and
 * the submission's event in the outbox), and a call takes 100. Fewer, larger calls cost fewer round
 * trips; a lost race cancels the whole call, which then goes again without it.
 */
const reportsPerTransaction = 33;
/** Calls in flight at once: enough to hide the round trips, few enough not to throttle a table. */
const parallelCalls = 8;
/** Attempts at one batch (after the SDK's own retries) before the import answers 503. */
const batchAttempts = 6;

/** Exponential backoff with full jitter, as AWS recommends for throttled batches. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(2_000, 50 * 2 ** attempt));

/** Monthly reports in DynamoDB. */
export class DynamoMetricsRepository implements MetricsRepository, MetricsBatchRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(projectId: string, period: string): Promise<MetricReport | undefined> {
    return this.getItem(latestKey(projectId, period));
  }

  async revision(projectId: string, period: string, revision: number): Promise<MetricReport | undefined> {
    return this.getItem(revisionKey(projectId, period, revision));
  }

  async list(
    projectId: string,
    range: { from?: string; to?: string; afterPeriod?: string; limit: number },
  ): Promise<{ reports: MetricReport[]; more: boolean }> {
    const lowest =
      range.afterPeriod !== undefined && (range.from === undefined || range.afterPeriod >= range.from)
        ? `LATEST#${range.afterPeriod}#`
        : `LATEST#${range.from ?? '0000-00'}`;
    const highest = `LATEST#${range.to ?? '9999-99'}`;
    // BETWEEN refuses a lower bound above the upper one (a `from` after `to`): that range is empty.
    if (lowest > highest) return { reports: [], more: false };
    const reports: MetricReport[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': partitionKey(projectId), ':low': lowest, ':high': highest },
          ConsistentRead: true,
          Limit: range.limit + 1 - reports.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      reports.push(...(page.Items ?? []).map(reportFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey && reports.length <= range.limit);
    return { reports: reports.slice(0, range.limit), more: reports.length > range.limit };
  }

  async create(report: MetricReport, { owner, events = [] }: ReportWriteExtras = {}): Promise<void> {
    await this.write(
      this.writeItems({ next: report, owner, events }),
      () =>
        new ConflictError(
          `A report for ${report.period} was submitted meanwhile; read it and restate with If-Match`,
        ),
    );
  }

  async replace(
    previous: MetricReport,
    next: MetricReport,
    { owner, events = [] }: ReportWriteExtras = {},
  ): Promise<void> {
    await this.write(
      this.writeItems({ previous, next, owner, events }),
      () =>
        new VersionConflictError(
          `The report for ${next.period} has changed since version ${previous.version}`,
        ),
    );
  }

  async latestMany(keys: readonly ReportKey[]): Promise<MetricReport[]> {
    const found = await mapLimited(chunked(keys, batchGetLimit), parallelCalls, async (chunk) => {
      const reports: MetricReport[] = [];
      let pending: Item[] | undefined = chunk.map((k) => latestKey(k.projectId, k.period));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        try {
          const result: BatchGetCommandOutput = await this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          reports.push(...(result.Responses?.[this.tableName] ?? []).map(reportFromItem));
          pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
        } catch (error) {
          if (!isTransientDatabaseError(error) || attempt + 1 >= batchAttempts) throw error;
        }
        if (pending && pending.length > 0 && attempt + 1 >= batchAttempts) {
          throw new DependencyUnavailableError(
            'The database keeps leaving reads unprocessed; try again shortly',
          );
        }
      }
      return reports;
    });
    return found.flat();
  }

  async writeMany(writes: readonly ReportWrite[]): Promise<ReportWriteOutcome[]> {
    const indexed = writes.map((write, index) => ({ write, index }));
    const outcomes: ReportWriteOutcome[] = new Array(writes.length);
    await mapLimited(chunked(indexed, reportsPerTransaction), parallelCalls, async (chunk) => {
      let pending = chunk;
      // The same token for the same items: if a call that timed out did commit, DynamoDB answers
      // its repeat as a success instead of failing its conditions against its own writes.
      let token = randomUUID();
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === batchAttempts) {
          throw new DependencyUnavailableError('The database keeps refusing the writes; try again shortly');
        }
        if (attempt > 0) await backoff(attempt);
        try {
          await this.client.send(
            new TransactWriteCommand({
              TransactItems: pending.flatMap(({ write }) => this.writeItems(write)),
              ClientRequestToken: token,
            }),
          );
          for (const { index } of pending) outcomes[index] = 'written';
          pending = [];
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) {
            if (isTransientDatabaseError(error)) continue;
            throw error;
          }
          // Nothing of a cancelled transaction is stored. A write whose condition failed lost its race
          // (answered `conflict`); the others were cancelled with it, or for a conflict or throttling
          // on their own items, and go again as a new transaction.
          let offset = 0;
          const lost = new Set<number>();
          for (const { write, index } of pending) {
            // The write's own two items come first; its events after them cannot fail a condition.
            const own = codes.slice(offset, offset + 2);
            if (own.includes(cancellationCode.conditionFailed)) lost.add(index);
            offset += this.writeItems(write).length;
          }
          for (const index of lost) outcomes[index] = 'conflict';
          pending = pending.filter(({ index }) => !lost.has(index));
          token = randomUUID();
        }
      }
    });
    return outcomes;
  }

  /**
   * A write's items: its revision item (new, so it must not exist) and its month's latest copy,
   * which carries the condition: absent for revision 1, else still at `previous.version`. A decision
   * (same revision) rewrites the revision item in place, under the same version condition. Then the
   * write's events, into the outbox.
   */
  private writeItems(write: ReportWrite): TransactItem[] {
    return [...this.reportItems(write), ...outboxPuts(this.tableName, write.events ?? [])];
  }

  private reportItems({ previous, next, owner }: ReportWrite): TransactItem[] {
    if (previous === undefined) {
      return [
        {
          Put: {
            TableName: this.tableName,
            Item: revisionItem(next),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: latestItem(next, owner),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
    }
    const atVersion = (item: Item): TransactItem => ({
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': previous.version },
      },
    });
    const revision: TransactItem =
      next.revision !== previous.revision
        ? {
            Put: {
              TableName: this.tableName,
              Item: revisionItem(next),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : atVersion(revisionItem(next));
    return [atVersion(latestItem(next, owner)), revision];
  }

  private async getItem(key: Item): Promise<MetricReport | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? reportFromItem(Item) : undefined;
  }

  private async write(items: TransactItem[], onConflict: () => Error): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (isConditionFailure(error)) {
        throw onConflict();
      }
      throw error;
    }
  }
}
