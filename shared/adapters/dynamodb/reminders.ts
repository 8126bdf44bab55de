/**
 * The reminders' storage, in the projects table (`projects-table.ts`) beside the reports' latest
 * items in the metrics table.
 *
 * Items (pk / sk):
 * - reminder: `PROJECT#<id>` / `REMINDER#<yyyy-mm>` — `{period, reminders: 1 | 2, firstSentOn, lastSentAt}`,
 *   written in one transaction with the ReportDue event's outbox item, on the condition that it
 *   says what the run read (absent for the first reminder, `reminders = 1` for the second)
 * - lease:    `REMINDERS` / `RUN` — `{runId, leaseUntil}`, the one reminder run under way
 *
 * Access patterns: the operating published projects, a page at a time (the sparse gsi4 `OPERATING`);
 * the reports of a page's projects for a month (BatchGetItem of `LATEST#<month>` in metrics); their
 * reminders for that month (BatchGetItem).
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../domain/events/schema.ts';
import { addDays, type SentReminders, secondReminderAfterDays } from '../../domain/reminders/due.ts';
import type { ReminderProject, ReminderRunLease, ReminderStore } from '../../domain/reminders/ports.ts';
import { conditionFailedAt } from './cancellation.ts';
import { outboxPuts } from './outbox.ts';
import { operatingPartition, projectFromItem, projectKey } from './projects-table.ts';

type Item = Record<string, unknown>;

const reminderKey = (projectId: string, period: string) => ({
  pk: projectKey(projectId).pk,
  sk: `REMINDER#${period}`,
});
const leaseKey = { pk: 'REMINDERS', sk: 'RUN' };
/** A page of the operating index; BatchGetItem takes 100 keys, so one page is one batch each. */
const pageSize = 100;

export class DynamoReminderStore implements ReminderStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { readonly projects: string; readonly metrics: string },
  ) {}

  async *operatingProjects(): AsyncIterable<readonly ReminderProject[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.projects,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk',
          ExpressionAttributeValues: { ':pk': operatingPartition },
          Limit: pageSize,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      startKey = page.LastEvaluatedKey;
      const projects = (page.Items ?? []).map(projectFromItem);
      if (projects.length > 0) yield projects;
    } while (startKey);
  }

  async reported(projectIds: readonly string[], period: string): Promise<Set<string>> {
    const keys = projectIds.map((id) => ({ pk: projectKey(id).pk, sk: `LATEST#${period}` }));
    const items = await this.batchGet(this.tables.metrics, keys, 'projectId');
    return new Set(items.map((item) => String(item.projectId)));
  }

  async sent(projectIds: readonly string[], period: string): Promise<Map<string, SentReminders>> {
    const items = await this.batchGet(
      this.tables.projects,
      projectIds.map((id) => reminderKey(id, period)),
      'pk, reminders, firstSentOn',
    );
    return new Map(
      items.map((item) => [
        String(item.pk).slice('PROJECT#'.length),
        { reminders: item.reminders as 1 | 2, firstSentOn: String(item.firstSentOn) },
      ]),
    );
  }

  async record(
    projectId: string,
    period: string,
    reminder: 1 | 2,
    today: string,
    event: DomainEvent,
  ): Promise<boolean> {
    const key = reminderKey(projectId, period);
    const write =
      reminder === 1
        ? {
            Put: {
              TableName: this.tables.projects,
              Item: {
                ...key,
                entity: 'report_reminder',
                period,
                reminders: 1,
                firstSentOn: today,
                lastSentAt: event.occurredAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : {
            Update: {
              TableName: this.tables.projects,
              Key: key,
              UpdateExpression: 'SET reminders = :two, lastSentAt = :at',
              // The second reminder a week after the first at the earliest, and never a third.
              ConditionExpression: 'reminders = :one AND firstSentOn <= :weekAgo',
              ExpressionAttributeValues: {
                ':one': 1,
                ':two': 2,
                ':at': event.occurredAt,
                ':weekAgo': addDays(today, -secondReminderAfterDays),
              },
            },
          };
    try {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: [write, ...outboxPuts(this.tables.projects, [event])] }),
      );
      return true;
    } catch (error) {
      // The reminder record's condition (the first item) failed: this reminder was already sent.
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  /** The items found of `keys` (at most one page of them), retrying what DynamoDB leaves unprocessed. */
  private async batchGet(tableName: string, keys: readonly Item[], projection: string): Promise<Item[]> {
    const found: Item[] = [];
    let pending: Item[] | undefined = [...keys];
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB left keys unprocessed after 8 retries');
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: projection } },
        }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
    return found;
  }
}

/** The reminder run's lease, in the projects table. */
export class DynamoReminderLease implements ReminderRunLease {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly projectsTable: string,
  ) {}

  async acquire(
    runId: string,
    now: string,
    until: string,
  ): Promise<{ held: false } | { held: true; runId: string }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.projectsTable,
          Item: { ...leaseKey, entity: 'reminder_lease', runId, startedAt: now, leaseUntil: until },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { held: false };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { held: true, runId: String(error.Item?.runId?.S ?? 'unknown') };
    }
  }

  async release(runId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.projectsTable,
          Key: leaseKey,
          ConditionExpression: 'runId = :runId',
          ExpressionAttributeValues: { ':runId': runId },
        }),
      );
    } catch (error) {
      // Another run holds it now (ours lapsed): it is not ours to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
