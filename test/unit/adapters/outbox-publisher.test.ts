import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxItem } from '../../../shared/adapters/dynamodb/outbox.ts';
import {
  publishOutboxRecords,
  tableNameOfStreamArn,
} from '../../../shared/adapters/events/outbox-publisher.ts';
import { domainEvent } from '../../../shared/domain/events/decisions.ts';
import { type DomainEvent, eventSource } from '../../../shared/domain/events/schema.ts';

const eventBridge = mockClient(EventBridgeClient);
const streamArn = (table: string) =>
  `arn:aws:dynamodb:ap-northeast-1:123456789012:table/${table}/stream/2026-12-01T00:00:00.000`;

function anEvent(n: number): DomainEvent {
  return domainEvent(
    'ReportSubmitted',
    {
      projectId: `P${n}`,
      orgId: 'org-a',
      hostCountry: 'JP',
      period: '2026-10',
      revision: 1,
      restated: false,
    },
    { occurredAt: '2026-12-03T09:00:00.000Z' },
  );
}

/** A stream record of a new outbox item, as DynamoDB Streams writes it. */
function aRecord(event: DomainEvent, sequence: number, table = 'jucip-dev-metrics'): DynamoDBRecord {
  const item = outboxItem(event);
  return {
    eventName: 'INSERT',
    eventSourceARN: streamArn(table),
    dynamodb: {
      SequenceNumber: String(sequence),
      NewImage: {
        pk: { S: String(item.pk) },
        entity: { S: String(item.entity) },
        eventJson: { S: String(item.eventJson) },
      },
    },
  };
}

function publisher() {
  const removed: [string, string][] = [];
  return {
    removed,
    deps: {
      eventBridge: new EventBridgeClient({ region: 'ap-northeast-1' }),
      eventBusName: 'jucip-tracker-dev-events',
      remove: async (table: string, id: string) => {
        removed.push([table, id]);
      },
    },
  };
}

describe('publishOutboxRecords', () => {
  beforeEach(() => {
    eventBridge.reset();
  });

  it('puts each event on the bus, ten a call, then removes its outbox item from its table', async () => {
    const events = Array.from({ length: 12 }, (_, i) => anEvent(i));
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: `eb-${i}` })),
    }));
    const { deps, removed } = publisher();

    const response = await publishOutboxRecords(
      events.map((event, i) => aRecord(event, i + 1)),
      deps,
    );

    expect(response.batchItemFailures).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 2]);
    expect(calls[0]?.[0]).toMatchObject({
      EventBusName: 'jucip-tracker-dev-events',
      Source: eventSource,
      DetailType: 'ReportSubmitted',
    });
    expect(JSON.parse(String(calls[0]?.[0]?.Detail))).toEqual(events[0]);
    expect(removed).toEqual(events.map((event) => ['jucip-dev-metrics', event.id]));
  });

  it('reports a failed entry and everything after it for retry, and keeps their outbox items', async () => {
    const events = Array.from({ length: 3 }, (_, i) => anEvent(i));
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { EventId: 'eb-0' },
        { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
        { EventId: 'eb-2' },
      ],
    });
    const { deps, removed } = publisher();

    const response = await publishOutboxRecords(
      events.map((event, i) => aRecord(event, i + 1)),
      deps,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(removed.map(([, id]) => id)).toEqual([events[0]?.id, events[2]?.id]);
  });

  it('fails the whole batch, for Lambda to bisect and retry, when the bus cannot be reached', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('socket hang up'));
    const { deps, removed } = publisher();

    await expect(publishOutboxRecords([aRecord(anEvent(1), 1)], deps)).rejects.toThrow('socket hang up');
    expect(removed).toEqual([]);
  });

  it('skips records that are not new outbox items', async () => {
    const { deps } = publisher();
    const modified = { ...aRecord(anEvent(1), 1), eventName: 'MODIFY' as const };

    const response = await publishOutboxRecords([modified], deps);

    expect(response.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toEqual([]);
  });
});

describe('tableNameOfStreamArn', () => {
  it('reads the table name from a stream ARN and refuses anything else', () => {
    expect(tableNameOfStreamArn(streamArn('jucip-dev-projects'))).toBe('jucip-dev-projects');
    expect(() => tableNameOfStreamArn('arn:aws:sqs:ap-northeast-1:1:queue')).toThrow(TypeError);
  });
});
