/**
 * The redacted view of a project's history (`docs/visibility.md`): what callers outside the owning
 * organisation who are not reviewers or admins read. It keeps what happened to which fields and
 * when (action, version, time, the changed field paths) and drops who acted, the review comment
 * and every changed value: values can carry notes and the people who recorded them
 * (`statusHistory.N`), and a change that is not yet accepted must not be read through its history.
 */
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import { type AuditEntry, auditActionSchema, timestampSchema } from './schema.ts';
import '../zod-messages.ts';

/** One entry of the redacted history: no `by`, no `comment`, changes as paths only. */
export const redactedAuditEntrySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    projectId: z.string(),
    at: timestampSchema,
    action: auditActionSchema,
    /** The project's version after the change. */
    version: z.int().check(z.gte(1)),
    /** The dotted paths of the fields that changed, without their values. */
    changes: z.array(z.strictObject({ path: z.string() })),
  }),
);
export type RedactedAuditEntry = z.output<typeof redactedAuditEntrySchema>;

/** An audit entry as a caller with the redacted view reads it. */
export function redactAuditEntry(entry: AuditEntry): RedactedAuditEntry {
  return {
    projectId: entry.projectId,
    at: entry.at,
    action: entry.action,
    version: entry.version,
    changes: entry.changes.map(({ path }) => ({ path })),
  };
}
