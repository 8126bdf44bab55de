/**
 * The notifications table (docs/notifications.md).
 *
 * Items (pk / sk):
 * - notification: `AUDIENCE#REVIEWERS` or `AUDIENCE#ORG#<orgId>` / `NOTE#<event id>` — one per
 *   audience and event, put only if absent (a redelivered event adds nothing); gsi1
 *   `<audience pk>#UNREAD` / `<event id>` while unread, removed when it is marked read (a sparse
 *   index of the unread ones)
 * - e-mail:       `EMAIL#<event id>` / `TO#<address>` — the ledger: `sending` while a delivery holds
 *   the claim, `sent` once the mailer accepted it
 * Every item carries `expiresAt` (epoch seconds, the table's TTL).
 *
 * Access patterns: an audience's notifications newest first (Query on its partition, event ids are
 * ULIDs so key order is time order), its unread ones (gsi1), one notification (UpdateItem, to mark
 * it read); one e-mail of one event (conditional PutItem, GetItem, UpdateItem).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  EmailClaim,
  EmailLedger,
  NotificationListQuery,
  NotificationStore,
} from '../../domain/notifications/ports.ts';
import type { Audience, Notification } from '../../domain/notifications/schema.ts';
import { recordOf } from './items.ts';

type Item = Record<string, unknown>;

const audiencePartition = (audience: Audience) =>
  audience.kind === 'reviewers' ? 'AUDIENCE#REVIEWERS' : `AUDIENCE#ORG#${audience.orgId}`;
const notificationKey = (audience: Audience, id: string) => ({
  pk: audiencePartition(audience),
  sk: `NOTE#${id}`,
});
const unreadPartition = (audience: Audience) => `${audiencePartition(audience)}#UNREAD`;
const emailKey = (eventId: string, address: string) => ({ pk: `EMAIL#${eventId}`, sk: `TO#${address}` });

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

function notificationFromItem(item: Item): Notification {
  const { expiresAt: _expiresAt, ...rest } = recordOf<Notification & { expiresAt?: number }>(item);
  return rest;
}

/** Notifications and the e-mail ledger in DynamoDB. */
export class DynamoNotificationStore implements NotificationStore, EmailLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long the e-mail ledger keeps an entry: as long as an event may be redelivered, and more. */
    private readonly ledgerRetentionMs = 30 * 86_400_000,
  ) {}

  async add(audience: Audience, notification: Notification, expiresAt: Date): Promise<'added' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...notificationKey(audience, notification.id),
            entity: 'notification',
            ...(notification.read ? {} : { gsi1pk: unreadPartition(audience), gsi1sk: notification.id }),
            ...notification,
            expiresAt: epochSeconds(expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async list(
    audience: Audience,
    query: NotificationListQuery,
  ): Promise<{ items: Notification[]; nextBeforeId?: string }> {
    const { unreadOnly, limit, beforeId } = query;
    const result = await this.client.send(
      new QueryCommand(
        unreadOnly
          ? {
              TableName: this.tableName,
              IndexName: 'gsi1',
              KeyConditionExpression: beforeId ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
              ExpressionAttributeValues: {
                ':pk': unreadPartition(audience),
                ...(beforeId ? { ':before': beforeId } : {}),
              },
              ScanIndexForward: false,
              Limit: limit + 1,
            }
          : {
              TableName: this.tableName,
              KeyConditionExpression: beforeId
                ? 'pk = :pk AND sk BETWEEN :from AND :before'
                : 'pk = :pk AND begins_with(sk, :from)',
              ExpressionAttributeValues: {
                ':pk': audiencePartition(audience),
                ':from': 'NOTE#',
                // BETWEEN includes its bounds: the id the last page ended with is dropped below.
                ...(beforeId ? { ':before': `NOTE#${beforeId}` } : {}),
              },
              ScanIndexForward: false,
              Limit: limit + (beforeId ? 2 : 1),
            },
      ),
    );
    const items = (result.Items ?? []).map(notificationFromItem).filter((n) => n.id !== beforeId);
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return { items: page, ...(items.length > limit && last ? { nextBeforeId: last.id } : {}) };
  }

  async markRead(audience: Audience, id: string, at: string): Promise<Notification | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(audience, id),
          UpdateExpression: 'SET #read = :true, readAt = if_not_exists(readAt, :at) REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':true': true, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? notificationFromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async claim(eventId: string, address: string, at: string, staleBefore: string): Promise<EmailClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...emailKey(eventId, address),
            entity: 'email',
            state: 'sending',
            claimedAt: at,
            expiresAt: epochSeconds(new Date(Date.parse(at) + this.ledgerRetentionMs)),
          },
          // Free, or left `sending` by a delivery that crashed longer ago than one can run.
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore },
        }),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: emailKey(eventId, address), ConsistentRead: true }),
    );
    return { outcome: Item?.state === 'sent' ? 'sent' : 'in_progress' };
  }

  async release(eventId: string, address: string, claimedAt: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: emailKey(eventId, address),
          // Only our own claim: another delivery may have taken a stale one over meanwhile.
          ConditionExpression: '#state = :sending AND claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':claimedAt': claimedAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordSent(eventId: string, address: string, at: string, messageId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: emailKey(eventId, address),
        UpdateExpression: 'SET #state = :sent, sentAt = :at, messageId = :messageId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':messageId': messageId },
      }),
    );
  }
}
