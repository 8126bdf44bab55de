/**
 * The outbox of the domain events (`docs/events.md`). Each table a decision is stored in (those whose
 * definition has `outbox`) also holds the events of its decisions until they are published, written
 * in the same transaction as the decision.
 *
 * Items (pk / sk): `OUTBOX#<eventId>` / `OUTBOX`, entity `outbox`, the envelope as JSON text in
 * `eventJson`, its type in `eventType`; gsi1 `OUTBOX` / `<eventId>` lists the unpublished events
 * oldest first (event ids are ULIDs). An item is deleted once its event is published, so the
 * partition holds the backlog only.
 *
 * Access patterns: in AWS, DynamoDB Streams hands each new outbox item to the publisher (filtered on
 * `entity`), which deletes it after `PutEvents`; locally, the in-process bus reads the backlog from
 * gsi1 (at start and then every moment) and deletes what every subscriber has taken.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../domain/events/schema.ts';
import { eventTypes } from '../../domain/events/types.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The `entity` of an outbox item: what the stream filter selects. */
export const outboxEntity = 'outbox';
const outboxPartition = 'OUTBOX';

/** The key of an event's outbox item. */
export const outboxKey = (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' });

/** The stored item of an event waiting to be published. */
export function outboxItem(event: DomainEvent): Record<string, unknown> {
  return {
    ...outboxKey(event.id),
    entity: outboxEntity,
    gsi1pk: outboxPartition,
    gsi1sk: event.id,
    eventType: event.type,
    // JSON text rather than a map: the envelope reads back exactly as it was built.
    eventJson: JSON.stringify(event),
  };
}

/** The transaction items that put a decision's events in the outbox of `tableName`, beside the decision. */
export function outboxPuts(tableName: string, events: readonly DomainEvent[]): TransactItem[] {
  return events.map((event) => ({
    Put: { TableName: tableName, Item: outboxItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
  }));
}

/**
 * The event an outbox item holds.
 * @throws TypeError when the item is not an outbox item of a known event type
 */
export function eventOfOutboxItem(item: Readonly<Record<string, unknown>>): DomainEvent {
  if (item.entity !== outboxEntity || typeof item.eventJson !== 'string') {
    throw new TypeError(`Not an outbox item: ${String(item.pk)}`);
  }
  const event = JSON.parse(item.eventJson) as DomainEvent;
  if (!eventTypes.includes(event.type)) throw new TypeError(`Unknown event type ${String(event.type)}`);
  return event;
}

/** The unpublished events of one table, and their removal once published. */
export class DynamoOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** The oldest unpublished events after `afterId` (an event id), at most `limit`: one index page. */
  async pending(limit: number, afterId?: string): Promise<DomainEvent[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: afterId === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk > :after',
        ExpressionAttributeValues: {
          ':pk': outboxPartition,
          ...(afterId === undefined ? {} : { ':after': afterId }),
        },
        Limit: limit,
      }),
    );
    return Items.map(eventOfOutboxItem);
  }

  /** Removes a published event from the outbox (removing one already gone is fine). */
  async remove(eventId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: outboxKey(eventId) }));
  }
}
