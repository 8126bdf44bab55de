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

/** The EventBridge `source` of every event the tracker puts on its bus. */
export const eventSource = 'jucip.tracker';
