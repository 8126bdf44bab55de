/**
 * The domain events: one versioned shape per event, defined once. The domain services emit them at
 * every decision they store (`docs/events.md`); the notifier and the reminder job consume them; the
 * JSON Schemas in `docs/` are generated from these definitions.
 *
 * Every event is an envelope `{id, type, version, occurredAt, detail}`. `id` is a ULID, unique per
 * event and stable across redeliveries: consumers use it as their idempotency key. A breaking change
 * to an event's `detail` is a new `version`, never an edit of the old one.
 */
import * as z from 'zod/mini';
import { rejectionReasonSchema } from '../documents/schema.ts';
import { reviewDecisionSchema } from '../projects/schema.ts';
import { built } from '../pure.ts';
import '../zod-messages.ts';
import { type EventType, eventTypes, eventVersions } from './types.ts';

export { type EventType, eventSource, eventTypes, eventVersions } from './types.ts';

const projectRef = /* @__PURE__ */ built(() => ({
  projectId: z.string(),
  /** The owning organisation: whom decisions are told to. */
  orgId: z.string(),
  hostCountry: z.string(),
}));

/** A new project was submitted for its first review. */
export const projectSubmittedSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...projectRef,
    name: z.string(),
    projectVersion: z.number(),
  }),
);

/** An accepted (or reviewed) project was changed; the change waits for review. */
export const projectRevisionSubmittedSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...projectRef,
    projectVersion: z.number(),
    pendingChanges: z.array(z.string()),
  }),
);

/** A reviewer decided on a project or one of its revisions. */
export const projectReviewedSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...projectRef,
    projectVersion: z.number(),
    decision: reviewDecisionSchema,
    comment: z.optional(z.string()),
  }),
);

const reportRef = /* @__PURE__ */ built(() => ({ ...projectRef, period: z.string(), revision: z.number() }));

/** A monthly report was submitted or restated (`revision` > 1). */
export const reportSubmittedSchema = /* @__PURE__ */ built(() =>
  z.object({ ...reportRef, restated: z.boolean() }),
);

/** A reviewer verified a report revision. */
export const reportVerifiedSchema = /* @__PURE__ */ built(() => z.object(reportRef));

/** A reviewer rejected a report revision. */
export const reportRejectedSchema = /* @__PURE__ */ built(() =>
  z.object({ ...reportRef, comment: z.optional(z.string()) }),
);

/** An uploaded evidence document failed the arrival check and was deleted. */
export const documentRejectedSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...projectRef,
    documentId: z.string(),
    fileName: z.string(),
    reason: rejectionReasonSchema,
  }),
);

/** A month's report is overdue: `reminder` 1 after the day of grace, 2 seven days later. */
export const reportDueSchema = /* @__PURE__ */ built(() =>
  z.object({
    ...projectRef,
    period: z.string(),
    /** The last day the report was due (ISO date). */
    dueOn: z.string(),
    reminder: z.union([z.literal(1), z.literal(2)]),
  }),
);

/** An indicator run was published and is now the latest. */
export const indicatorRunPublishedSchema = /* @__PURE__ */ built(() =>
  z.object({ runId: z.string(), calcVersion: z.string() }),
);

/** Every event type with its current version and `detail` schema. */
export const eventDefinitions = {
  ProjectSubmitted: { version: eventVersions.ProjectSubmitted, detail: projectSubmittedSchema },
  ProjectRevisionSubmitted: {
    version: eventVersions.ProjectRevisionSubmitted,
    detail: projectRevisionSubmittedSchema,
  },
  ProjectReviewed: { version: eventVersions.ProjectReviewed, detail: projectReviewedSchema },
  ReportSubmitted: { version: eventVersions.ReportSubmitted, detail: reportSubmittedSchema },
  ReportVerified: { version: eventVersions.ReportVerified, detail: reportVerifiedSchema },
  ReportRejected: { version: eventVersions.ReportRejected, detail: reportRejectedSchema },
  DocumentRejected: { version: eventVersions.DocumentRejected, detail: documentRejectedSchema },
  ReportDue: { version: eventVersions.ReportDue, detail: reportDueSchema },
  IndicatorRunPublished: {
    version: eventVersions.IndicatorRunPublished,
    detail: indicatorRunPublishedSchema,
  },
} as const satisfies Record<EventType, { version: number; detail: unknown }>;

/** The `detail` of an event of type `T`. */
export type EventDetail<T extends EventType> = z.output<(typeof eventDefinitions)[T]['detail']>;

/** One domain event, as stored in the outbox and put on the bus. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: {
    readonly id: string;
    readonly type: K;
    readonly version: (typeof eventDefinitions)[K]['version'];
    readonly occurredAt: string;
    readonly detail: EventDetail<K>;
  };
}[T];

/** The envelope's schema for a given type, used to validate what a consumer receives. */
export function eventSchema<T extends EventType>(type: T) {
  return z.object({
    id: z.string(),
    type: z.literal(type),
    version: z.literal(eventDefinitions[type].version),
    occurredAt: z.string(),
    detail: eventDefinitions[type].detail,
  });
}

/** Any event of a known type: what the notifier parses before acting. */
export const anyEventSchema = /* @__PURE__ */ built(() =>
  z.discriminatedUnion(
    'type',
    eventTypes.map((type) => eventSchema(type)) as unknown as [
      ReturnType<typeof eventSchema<EventType>>,
      ...ReturnType<typeof eventSchema<EventType>>[],
    ],
  ),
);
