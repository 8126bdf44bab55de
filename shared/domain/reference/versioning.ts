/**
 * How admin-kept reference records (emission factors, FX rates) are versioned: a PUT that changes
 * the content makes the next version; a PUT of the same content is answered with the stored record
 * as it is, so that repeating a PUT (a retry, a re-run seed) never makes versions that differ in
 * nothing but their number, and reports that cite a version keep pointing at the same figures.
 */
import { jsonEqual } from '../audit.ts';
import type { Principal } from '../policy.ts';

/** What a reference write needs from outside: who writes and when (ISO 8601 UTC). */
export interface ReferenceContext {
  readonly principal: Principal;
  readonly now: string;
}

/** The bookkeeping every stored reference record carries. */
export interface VersionStamp {
  /** 1 for the first content stored under the key, + 1 for every change. */
  readonly version: number;
  /** When this version was stored. */
  readonly updatedAt: string;
  /** The subject of the admin who stored it. */
  readonly updatedBy: string;
}

/** `created` (no record before: HTTP 201), `updated` (a new version: 200), `unchanged` (200, nothing to write). */
export type PutOutcome = 'created' | 'updated' | 'unchanged';

/** The record to answer after a PUT, and whether it must be written. */
export interface VersionedPut<Content> {
  readonly record: Content & VersionStamp;
  readonly outcome: PutOutcome;
}

function contentOf<Content extends object>(
  record: Content & VersionStamp,
): Omit<Content, keyof VersionStamp> {
  const { version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...content } = record;
  return content;
}

/**
 * The record a PUT of `content` leaves under a key whose current record is `current` (undefined
 * when none is stored): version 1, the next version, or `current` itself when nothing changed.
 * Content is compared as JSON (an absent optional field equals an undefined one).
 */
export function putVersioned<Content extends object>(
  current: (Content & VersionStamp) | undefined,
  content: Content,
  ctx: ReferenceContext,
): VersionedPut<Content> {
  if (current !== undefined && jsonEqual(contentOf(current), content)) {
    return { record: current, outcome: 'unchanged' };
  }
  const record: Content & VersionStamp = {
    ...content,
    version: current === undefined ? 1 : current.version + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.principal.subject,
  };
  return { record, outcome: current === undefined ? 'created' : 'updated' };
}

/** The calendar year of an ISO 8601 timestamp (`2025-06-15T09:30:00.000Z` → 2025). */
export function yearOf(now: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(now)) throw new TypeError(`now must be an ISO 8601 timestamp, got ${now}`);
  return Number(now.slice(0, 4));
}
