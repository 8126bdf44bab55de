/**
 * The local stand-in for DynamoDB Streams, the publisher and the EventBridge bus (`docs/events.md`):
 * it reads the outbox of every table that keeps one, oldest event first, and hands each event, in
 * the shape EventBridge delivers, to every function whose definition subscribes to its type.
 *
 * Delivery is at least once, as EventBridge's: an event leaves the outbox only when every subscriber
 * has taken it; a subscriber that fails gets it again after a growing pause (the others are not
 * asked twice while this process runs). Nothing is kept in memory that the outbox does not also
 * hold, so what a stopped runtime left undelivered is delivered when the next one starts; a
 * subscriber may then see an event again and recognises it by the envelope's `id`.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoOutbox } from '../../shared/adapters/dynamodb/outbox.ts';
import { type BusEvent, busEventOf } from '../../shared/adapters/events/bus-event.ts';
import type { DomainEvent, EventType } from '../../shared/domain/events/schema.ts';
import type { FunctionDefinition } from '../../shared/routes.ts';

/** A function subscribed to domain events (a `domain_event` trigger on its definition). */
export interface EventSubscriber {
  readonly id: string;
  readonly types: readonly EventType[];
  readonly deliver: (event: BusEvent) => Promise<unknown>;
}

export interface LocalEventBusOptions {
  readonly outboxes: readonly DynamoOutbox[];
  readonly subscribers: readonly EventSubscriber[];
  /** How often the outboxes are read for new events (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** The pause before the `attempt`-th retry of a failed delivery (default 1 s doubling, at most 60 s). */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onDelivered?: (subscriberId: string, event: DomainEvent) => void;
  /** A failed delivery (`event` undefined when reading the outbox failed; it is read again next time). */
  readonly onError?: (
    subscriberId: string,
    event: DomainEvent | undefined,
    error: unknown,
    attempt: number,
  ) => void;
}

export interface LocalEventBus {
  /** One pass over the outboxes now (after the one under way, if any); answers how many events are left. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** Events read from an outbox per query; a pass reads on while whole pages come back. */
const pageSize = 25;
/** The most pages one pass reads of one outbox, so that a pass stays short however long the backlog. */
const pagesPerPass = 20;

const defaultRetryDelayMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));

interface Delivery {
  readonly busEvent: BusEvent;
  /** Subscribers that have taken the event. */
  readonly done: Set<string>;
  attempts: number;
  retryAt: number;
}

/** The functions subscribed to domain events, each with the types its triggers name. */
export function subscribedFunctions(
  definitions: readonly FunctionDefinition[],
): { definition: FunctionDefinition; types: EventType[] }[] {
  return definitions.flatMap((definition) => {
    const types = (definition.triggers ?? []).flatMap((trigger) =>
      trigger.kind === 'domain_event' ? trigger.types : [],
    );
    return types.length > 0 ? [{ definition, types: [...new Set(types)] }] : [];
  });
}

/** Starts the bus: a first pass at once (what an earlier run left), then one every poll interval. */
export function startLocalEventBus(options: LocalEventBusOptions): LocalEventBus {
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const deliveries = new Map<string, Delivery>();
  let stopped = false;
  const stopping = new AbortController();
  let running: Promise<number> | undefined;

  const deliver = async (outbox: DynamoOutbox, event: DomainEvent): Promise<boolean> => {
    let delivery = deliveries.get(event.id);
    if (!delivery) {
      delivery = { busEvent: busEventOf(event, randomUUID()), done: new Set(), attempts: 0, retryAt: 0 };
      deliveries.set(event.id, delivery);
    }
    if (delivery.retryAt > Date.now()) return false;
    const current = delivery;
    const targets = options.subscribers.filter(
      (subscriber) => subscriber.types.includes(event.type) && !current.done.has(subscriber.id),
    );
    const results = await Promise.allSettled(
      // A copy each, so that a subscriber that changes its event cannot change another's.
      targets.map((subscriber) => subscriber.deliver(structuredClone(current.busEvent))),
    );
    let failed = false;
    current.attempts += 1;
    for (const [i, result] of results.entries()) {
      const subscriber = targets[i] as EventSubscriber;
      if (result.status === 'fulfilled') {
        current.done.add(subscriber.id);
        options.onDelivered?.(subscriber.id, event);
      } else {
        failed = true;
        options.onError?.(subscriber.id, event, result.reason, current.attempts);
      }
    }
    if (failed) {
      current.retryAt = Date.now() + retryDelayMs(current.attempts);
      return false;
    }
    await outbox.remove(event.id);
    deliveries.delete(event.id);
    return true;
  };

  const pass = async (): Promise<number> => {
    let left = 0;
    for (const outbox of options.outboxes) {
      let afterId: string | undefined;
      for (let page = 0; page < pagesPerPass && !stopped; page++) {
        const events = await outbox.pending(pageSize, afterId);
        // One at a time, oldest first: subscribers see a table's events in the order they were stored.
        for (const event of events) {
          if (!(await deliver(outbox, event))) left += 1;
        }
        if (events.length < pageSize) break;
        afterId = events.at(-1)?.id;
      }
    }
    return left;
  };

  const runPass = (): Promise<number> => {
    const previous = running ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(pass);
    running = next;
    // Its failure is the caller's to handle; this bookkeeping must not raise it a second time.
    next
      .finally(() => {
        if (running === next) running = undefined;
      })
      .catch(() => undefined);
    return next;
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await runPass();
      } catch (error) {
        // The database may be starting or gone for a moment: the outbox is read again next time.
        options.onError?.('(outbox)', undefined, error, 0);
      }
      await sleep(options.pollIntervalMs ?? 250, undefined, { signal: stopping.signal }).catch(
        () => undefined,
      );
    }
  })();

  return {
    drain: runPass,
    async stop() {
      stopped = true;
      stopping.abort();
      await running?.catch(() => undefined);
      await loop;
    },
  };
}
