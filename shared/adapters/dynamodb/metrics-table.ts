/**
 * The metrics table: every revision of every monthly report, and the latest one of each month.
 *
 * Items (pk / sk):
 * - revision: `PROJECT#<id>` / `REV#<yyyy-mm>#<revision, 8 digits>` — every revision, kept for ever
 * - latest:   `PROJECT#<id>` / `LATEST#<yyyy-mm>` — a copy of the month's latest revision, the item
 *   conditional writes guard (`version`)
 *
 * Access patterns: one month's latest or n-th revision (GetItem); a project's months in a range
 * (Query on `LATEST#`, which is also how the indicator job reads each accepted project's months).
 * gsi1 is unused: latest items once carried gsi1 `REPORTS`, a single hot index partition nothing
 * read. Items written before keep it harmlessly (it is not part of the record) and lose it on their
 * next write.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '../../domain/errors.ts';
import type { MetricsRepository } from '../../domain/metrics/ports.ts';
import type { MetricReport } from '../../domain/metrics/schema.ts';
import { isConditionFailure } from './errors.ts';
import { recordOf } from './items.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const partitionKey = (projectId: string) => `PROJECT#${projectId}`;
const revisionKey = (projectId: string, period: string, revision: number) => ({
  pk: partitionKey(projectId),
  sk: `REV#${period}#${String(revision).padStart(8, '0')}`,
});
const latestKey = (projectId: string, period: string) => ({
  pk: partitionKey(projectId),
  sk: `LATEST#${period}`,
});

function revisionItem(report: MetricReport): Item {
  return {
    ...revisionKey(report.projectId, report.period, report.revision),
    entity: 'report_revision',
    ...report,
  };
}

function latestItem(report: MetricReport): Item {
  return {
    ...latestKey(report.projectId, report.period),
    entity: 'report_latest',
    ...report,
  };
}

/** The report stored in an item. */
export function reportFromItem(item: Item): MetricReport {
  return recordOf<MetricReport>(item);
}

/** Monthly reports in DynamoDB. */
export class DynamoMetricsRepository implements MetricsRepository {
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

  async create(report: MetricReport): Promise<void> {
    await this.write(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: revisionItem(report),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: latestItem(report),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      () =>
        new ConflictError(
          `A report for ${report.period} was submitted meanwhile; read it and restate with If-Match`,
        ),
    );
  }

  async replace(previous: MetricReport, next: MetricReport): Promise<void> {
    const atVersion = (item: Item): TransactItem => ({
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': previous.version },
      },
    });
    // A restatement adds a revision item; a decision rewrites the latest revision's item in place.
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
    await this.write(
      [atVersion(latestItem(next)), revision],
      () =>
        new VersionConflictError(
          `The report for ${next.period} has changed since version ${previous.version}`,
        ),
    );
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
