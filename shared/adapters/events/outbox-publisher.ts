/**
 * The publisher of the outboxes in AWS (`docs/events.md`): DynamoDB Streams hands it the new outbox
 * items of every table that keeps one (the event source mapping filters on `entity`); it puts each
 * event on the stack's bus and then deletes its outbox item. An event whose `PutEvents` entry
 * failed is reported as a batch item failure, so Lambda retries from it (bisecting a failing batch,
 * then sending what still fails to the dead-letter queue): at least once, as the local bus.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { chunked } from '../../domain/concurrency.ts';
import type { DomainEvent } from '../../domain/events/schema.ts';
import { logger } from '../../observability/logger.ts';
import { eventOfOutboxItem } from '../dynamodb/outbox.ts';
import { putEventsEntry } from './bus-event.ts';

/** `PutEvents` takes at most 10 entries a call. */
const entriesPerCall = 10;

/** Removes a published event's outbox item from the table it was written to. */
export type OutboxRemover = (tableName: string, eventId: string) => Promise<void>;

export interface OutboxPublisherDeps {
  readonly eventBridge: EventBridgeClient;
  readonly eventBusName: string;
  readonly remove: OutboxRemover;
}

/** The table a stream record comes from: `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`. */
export function tableNameOfStreamArn(arn: string | undefined): string {
  const name = /:table\/([^/]+)\/stream\//.exec(arn ?? '')?.[1];
  if (!name) throw new TypeError(`Not a DynamoDB stream ARN: ${arn}`);
  return name;
}

interface Pending {
  readonly record: DynamoDBRecord;
  readonly event: DomainEvent;
}

/**
 * Publishes the events of a batch of stream records in their order; answers the records to retry.
 * Records that are not new outbox items (the filter should keep them out) are skipped.
 */
export async function publishOutboxRecords(
  records: readonly DynamoDBRecord[],
  deps: OutboxPublisherDeps,
): Promise<DynamoDBBatchResponse> {
  const pending: Pending[] = records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    // The three string attributes an outbox item is read by; nothing else of the image is needed.
    const item = { pk: image.pk?.S, entity: image.entity?.S, eventJson: image.eventJson?.S };
    return [{ record, event: eventOfOutboxItem(item) }];
  });
  const failed: Pending[] = [];
  for (const chunk of chunked(pending, entriesPerCall)) {
    // Once one entry has failed, later ones wait for the retry: Lambda retries from the first failure.
    if (failed.length > 0) {
      failed.push(...chunk);
      continue;
    }
    const result = await deps.eventBridge.send(
      new PutEventsCommand({ Entries: chunk.map(({ event }) => putEventsEntry(event, deps.eventBusName)) }),
    );
    for (const [i, entry] of chunk.entries()) {
      const outcome = result.Entries?.[i];
      if (outcome?.EventId && !outcome.ErrorCode) {
        await removeQuietly(deps, entry);
      } else {
        logger.warn('Putting a domain event on the bus failed; it will be retried', {
          eventId: entry.event.id,
          type: entry.event.type,
          errorCode: outcome?.ErrorCode,
          errorMessage: outcome?.ErrorMessage,
        });
        failed.push(entry);
      }
    }
  }
  return {
    batchItemFailures: failed.map(({ record }) => ({
      itemIdentifier: record.dynamodb?.SequenceNumber ?? '',
    })),
  };
}

/** The event is on the bus: an outbox item left behind is a log line, not a reason to publish it again. */
async function removeQuietly(deps: OutboxPublisherDeps, { record, event }: Pending): Promise<void> {
  try {
    await deps.remove(tableNameOfStreamArn(record.eventSourceARN), event.id);
  } catch (error) {
    logger.warn('Removing a published event from the outbox failed', {
      eventId: event.id,
      error: error as Error,
    });
  }
}
