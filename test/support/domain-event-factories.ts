/**
 * Domain events as the notifier receives them: an envelope built and checked against the event
 * contract (`shared/domain/events/schema.ts`), wrapped in the EventBridge event whose `detail` it
 * is. Every call builds fresh objects with a fresh event id.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { monotonicFactory } from 'ulid';
import {
  type DomainEvent,
  type EventDetail,
  type EventType,
  eventDefinitions,
  eventSchema,
  eventSource,
} from '../../shared/domain/events/schema.ts';

const newEventId = monotonicFactory();

/** A valid envelope of type `type` with `detail`, stamped now (or at `occurredAt`). */
export function aDomainEvent<T extends EventType>(
  type: T,
  detail: EventDetail<T>,
  occurredAt = new Date().toISOString(),
): DomainEvent<T> {
  const envelope = { id: newEventId(), type, version: eventDefinitions[type].version, occurredAt, detail };
  return eventSchema(type).parse(envelope) as unknown as DomainEvent<T>;
}

/** The EventBridge event that carries an envelope, as a rule delivers it to a function. */
export function onTheBus(envelope: DomainEvent): EventBridgeEvent<string, DomainEvent> {
  return {
    version: '0',
    id: `eb-${envelope.id}`,
    source: eventSource,
    'detail-type': envelope.type,
    account: '000000000000',
    time: envelope.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail: envelope,
  };
}

/** A project reference of an organisation, for the event details. */
export function aProjectRef(orgId: string, projectId = '01KBN3Q6Z1W8V2M4T6X8B0C2D4') {
  return { projectId, orgId, hostCountry: 'JP' };
}

/** One event of every type the notifier tells someone about, for an organisation. */
export function oneOfEach(orgId: string): DomainEvent[] {
  const ref = aProjectRef(orgId);
  return [
    aDomainEvent('ProjectSubmitted', { ...ref, name: 'Hokkaido wind', projectVersion: 1 }),
    aDomainEvent('ProjectRevisionSubmitted', { ...ref, projectVersion: 3, pendingChanges: ['name'] }),
    aDomainEvent('ProjectReviewed', {
      ...ref,
      projectVersion: 1,
      decision: 'changes_requested',
      comment: 'Fix it',
    }),
    aDomainEvent('ReportSubmitted', { ...ref, period: '2026-10', revision: 1, restated: false }),
    aDomainEvent('ReportVerified', { ...ref, period: '2026-10', revision: 1 }),
    aDomainEvent('ReportRejected', {
      ...ref,
      period: '2026-10',
      revision: 1,
      comment: 'Meter export missing',
    }),
    aDomainEvent('DocumentRejected', {
      ...ref,
      documentId: '01KBN3Q6Z1W8V2M4T6X8B0C2D5',
      fileName: 'meter.csv',
      reason: 'checksum_mismatch',
    }),
    aDomainEvent('ReportDue', { ...ref, period: '2026-10', dueOn: '2026-11-15', reminder: 1 }),
    aDomainEvent('IndicatorRunPublished', { runId: '01KBN3Q6Z1W8V2M4T6X8B0C2D6', calcVersion: 'calc-7' }),
  ];
}
