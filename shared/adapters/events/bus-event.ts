/**
 * The EventBridge shape of a domain event, the same in AWS and locally: `source` is the tracker's,
 * `detail-type` the event's type and `detail` its envelope (`docs/events.md`). Subscribers read the
 * envelope's `id` as their idempotency key, never the EventBridge id, which differs per `PutEvents`.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent } from '../../domain/events/schema.ts';
import { type EventType, eventSource } from '../../domain/events/types.ts';

/** What a function subscribed to domain events receives. */
export type BusEvent<T extends EventType = EventType> = EventBridgeEvent<T, DomainEvent<T>>;

/** The `PutEvents` entry of a domain event on the bus `eventBusName`. */
export function putEventsEntry(event: DomainEvent, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: eventSource,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  };
}

/** The event EventBridge would deliver for a domain event (the local bus builds it the same way). */
export function busEventOf<T extends EventType>(
  event: DomainEvent<T>,
  id: string,
  where: { readonly account: string; readonly region: string } = { account: '000000000000', region: 'local' },
): BusEvent<T> {
  return {
    version: '0',
    id,
    'detail-type': event.type,
    source: eventSource,
    account: where.account,
    // EventBridge writes times to the second.
    time: new Date(event.occurredAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources: [],
    detail: event,
  };
}
