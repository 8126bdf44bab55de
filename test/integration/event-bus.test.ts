/**
 * The local event bus over the outboxes in DynamoDB Local: EventBridge-shaped events to the
 * subscribed functions only, at least once (a failed subscriber gets the event again, the others do
 * not), and what a stopped runtime left in the outbox is delivered by the next one.
 */
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEventBus, startLocalEventBus, subscribedFunctions } from '../../infra/local/event-bus.ts';
import { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import type { BusEvent } from '../../shared/adapters/events/bus-event.ts';
import { type EventType, eventSource } from '../../shared/domain/events/schema.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import type { FunctionDefinition } from '../../shared/routes.ts';
import { outboxEvents, outboxTestClient, outboxTestTables } from '../support/outbox-tables.ts';
import { aProjectInput, aReviewer, aSubmitter } from '../unit/domain/factories.ts';

let names: Awaited<ReturnType<typeof outboxTestTables>>;
let service: ProjectService;
let outboxes: DynamoOutbox[];
const running: LocalEventBus[] = [];
const submitter = aSubmitter({ subject: 'user-bus-submitter', orgId: 'org-bus' });

beforeAll(async () => {
  names = await outboxTestTables('jucip-bus');
  service = new ProjectService({
    projects: new DynamoProjectRepository(outboxTestClient, names.projects),
    fx: { usdRates: async () => new Map() },
    organisations: { exists: async () => true },
    now: () => new Date().toISOString(),
    newId: () => ulid(),
  });
  outboxes = [names.projects, names.metrics, names.indicators].map(
    (table) => new DynamoOutbox(outboxTestClient, table),
  );
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((bus) => bus.stop()));
  // Whatever a test left undelivered is not the next test's.
  for (const outbox of outboxes) {
    for (const event of await outboxEvents(outbox.tableName)) await outbox.remove(event.id);
  }
});

/** A subscriber that records what it receives and fails the deliveries `fail` says it should. */
function aSubscriber(
  id: string,
  types: readonly EventType[],
  fail: (attempt: number) => boolean = () => false,
) {
  const received: BusEvent[] = [];
  let attempts = 0;
  return {
    received,
    subscriber: {
      id,
      types,
      deliver: async (event: BusEvent) => {
        attempts += 1;
        received.push(event);
        if (fail(attempts)) throw new Error(`${id} is down`);
      },
    },
  };
}

function aBus(subscribers: ReturnType<typeof aSubscriber>['subscriber'][]): LocalEventBus {
  // A long poll interval: the tests drive the passes with drain().
  const bus = startLocalEventBus({ outboxes, subscribers, pollIntervalMs: 60_000, retryDelayMs: () => 0 });
  running.push(bus);
  return bus;
}

async function aSubmittedProject(): Promise<Project> {
  return service.create(submitter, aProjectInput({ statusEffectiveDate: '2024-01-10' }));
}

describe('the local event bus', () => {
  it('delivers the EventBridge-shaped event to the subscribers of its type only, then empties the outbox', async () => {
    const project = await aSubmittedProject();
    const reviewers = aSubscriber('reviewers', ['ProjectSubmitted']);
    const reports = aSubscriber('reports', ['ReportSubmitted']);

    await aBus([reviewers.subscriber, reports.subscriber]).drain();

    expect(reports.received).toEqual([]);
    expect(reviewers.received).toHaveLength(1);
    const [event] = reviewers.received;
    expect(event).toMatchObject({
      version: '0',
      source: eventSource,
      'detail-type': 'ProjectSubmitted',
      resources: [],
      detail: { type: 'ProjectSubmitted', version: 1, detail: { projectId: project.id } },
    });
    expect(event?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await outboxEvents(names.projects)).toEqual([]);
  });

  it('delivers again to a subscriber that failed, not to the one that took it, and keeps the event until then', async () => {
    const flaky = aSubscriber('notifier', ['ProjectSubmitted'], (attempt) => attempt === 1);
    const steady = aSubscriber('audit', ['ProjectSubmitted']);
    const bus = aBus([flaky.subscriber, steady.subscriber]);
    await bus.drain();
    const project = await aSubmittedProject();

    await bus.drain();
    const left = await outboxEvents(names.projects);
    await bus.drain();

    expect(left.map((event) => event.detail)).toMatchObject([{ projectId: project.id }]);
    expect(flaky.received).toHaveLength(2);
    expect(flaky.received[1]).toEqual(flaky.received[0]);
    expect(steady.received).toHaveLength(1);
    expect(await outboxEvents(names.projects)).toEqual([]);
  });

  it('delivers at start what a stopped runtime left in the outbox, in the order it was stored', async () => {
    const down = aSubscriber('notifier', ['ProjectSubmitted', 'ProjectReviewed'], () => true);
    const first = aBus([down.subscriber]);
    const project = await aSubmittedProject();
    await service.review(
      aReviewer({ subject: 'user-bus-reviewer' }),
      project.id,
      { decision: 'changes_requested', comment: 'Add the site.' },
      project.version,
    );
    await first.drain();
    await first.stop();

    const up = aSubscriber('notifier', ['ProjectSubmitted', 'ProjectReviewed']);
    await aBus([up.subscriber]).drain();

    expect(down.received.length).toBeGreaterThan(0);
    expect(up.received.map((event) => event['detail-type'])).toEqual(['ProjectSubmitted', 'ProjectReviewed']);
    expect(up.received.map((event) => event.detail.id)).toEqual(
      [...new Set(down.received.map((event) => event.detail.id))].sort(),
    );
    expect(await outboxEvents(names.projects)).toEqual([]);
  });
});

describe('subscribedFunctions', () => {
  it('lists the functions with a domain_event trigger and the types they name', () => {
    const definition = (id: string, triggers: FunctionDefinition['triggers']) =>
      ({ id, triggers }) as unknown as FunctionDefinition;

    const subscribed = subscribedFunctions([
      definition('a', [{ kind: 'domain_event', types: ['ReportDue', 'ReportDue', 'ProjectReviewed'] }]),
      definition('b', [{ kind: 'object_created', bucket: 'evidence' }]),
      definition('c', undefined),
    ]);

    expect(subscribed.map(({ definition, types }) => [definition.id, types])).toEqual([
      ['a', ['ReportDue', 'ProjectReviewed']],
    ]);
  });
});
