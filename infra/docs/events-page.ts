/**
 * The reference part of `docs/events.md`: each domain event with its version, when it is emitted
 * and the JSON Schema of its envelope, generated from the zod definitions the code validates with
 * (`shared/domain/events/schema.ts`). `npm run docs:events` rewrites the page between its markers;
 * a unit test fails while the page is stale.
 *
 *   tsx infra/docs/events-page.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import {
  type EventType,
  eventDefinitions,
  eventSchema,
  eventTypes,
} from '../../shared/domain/events/schema.ts';

/** When each event is emitted: a new event type does not compile until it is described here. */
export const whenEmitted: Readonly<Record<EventType, string>> = {
  ProjectSubmitted: 'A project is created (`POST /projects`, or a created row of `POST /projects/import`).',
  ProjectRevisionSubmitted:
    'A project is changed by its organisation (`PATCH /projects/{id}`, `POST /projects/{id}/status`, an updated import row): the change waits for review. `pendingChanges` names the fields that differ from the accepted version (the changed fields when there is none).',
  ProjectReviewed:
    'A reviewer decides on a project or its pending revision (`POST /projects/{id}/review`): `accepted`, `changes_requested`, `rejected` or `withdrawn`, with the reviewer’s comment.',
  ReportSubmitted:
    'A monthly report is stored: the first of its month (`restated: false`) or a restatement (`restated: true`), by `PUT /projects/{id}/metrics/{period}` or a created or restated row of `POST /metrics/import`. A repeat of the stored figures (`unchanged`) emits nothing.',
  ReportVerified:
    'A reviewer verifies the latest revision of a month (`POST /projects/{id}/metrics/{period}/verification`).',
  ReportRejected: 'A reviewer rejects the latest revision of a month, with the comment.',
  DocumentRejected:
    'An uploaded evidence document fails the arrival check (size, SHA-256, file type, upload window) and its object is deleted.',
  ReportDue:
    'The daily reminder job (or `POST /reminders/runs`) finds a published, operating project without a report for the latest overdue month: `reminder: 1` the first time, `reminder: 2` seven days later at the earliest, never a third.',
  IndicatorRunPublished:
    'An indicator run is published and becomes the latest (scheduled or started by an admin).',
};

const begin = '<!-- events:generated:begin (npm run docs:events) -->';
const end = '<!-- events:generated:end -->';

/** The generated section: one heading per event, its version, when it is emitted and its JSON Schema. */
export function renderEventsSection(): string {
  const parts = eventTypes.map((type) => {
    const schema = z.toJSONSchema(eventSchema(type), { io: 'output' });
    return [
      `### ${type} (version ${eventDefinitions[type].version})`,
      '',
      whenEmitted[type],
      '',
      '```json',
      JSON.stringify(schema, null, 2),
      '```',
    ].join('\n');
  });
  return [begin, '', ...parts.flatMap((part) => [part, '']), end].join('\n');
}

/**
 * The page with its generated section replaced.
 * @throws Error when the page has no generated section
 */
export function updateEventsPage(page: string): string {
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/events.md has no section between ${begin} and ${end}`);
  return `${page.slice(0, from)}${renderEventsSection()}${page.slice(to + end.length)}`;
}

/** Where the page is. */
export const eventsPagePath = fileURLToPath(new URL('../../docs/events.md', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = readFileSync(eventsPagePath, 'utf8');
  const updated = updateEventsPage(page);
  if (process.argv.includes('--check')) {
    if (updated !== page) {
      console.error('docs/events.md is stale: run npm run docs:events');
      process.exit(1);
    }
  } else {
    writeFileSync(eventsPagePath, updated);
  }
}
