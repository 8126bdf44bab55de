/**
 * The names of the domain events and where they come from, apart from their schemas
 * (`schema.ts`): the route table and the outbox need the names only, and every function imports
 * the route table, so naming the events here keeps their schemas out of functions that never
 * read or write one.
 */

/** Every domain event type; `schema.ts` gives each its version and `detail` schema. */
export const eventTypes = [
  'ProjectSubmitted',
  'ProjectRevisionSubmitted',
  'ProjectReviewed',
  'ReportSubmitted',
  'ReportVerified',
  'ReportRejected',
  'DocumentRejected',
  'ReportDue',
  'IndicatorRunPublished',
] as const;

export type EventType = (typeof eventTypes)[number];

/**
 * Each event type's current version (`schema.ts` pairs it with the `detail` schema): what an
 * emitter stamps on an event, without building any schema.
 */
export const eventVersions = {
  ProjectSubmitted: 1,
  ProjectRevisionSubmitted: 1,
  ProjectReviewed: 1,
  ReportSubmitted: 1,
  ReportVerified: 1,
  ReportRejected: 1,
  DocumentRejected: 1,
  ReportDue: 1,
  IndicatorRunPublished: 1,
} as const satisfies Record<EventType, number>;

/** The EventBridge `source` of every event the tracker puts on its bus. */
export const eventSource = 'jucip.tracker';
