/**
 * Where an entry stands in a project's history. Project changes are numbered by the project's
 * version; document events (which leave the project as it was) fall after the project version
 * they happened at, in document and document-version order. Pagination resumes after a position.
 */
import { ulidCharacters } from '../ids.ts';
import type { AuditEntry } from './schema.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The position of an entry: `00000003`, or `00000003#DOC#<documentId>#0002` for a document event. */
export function auditPosition(entry: Pick<AuditEntry, 'version' | 'document'>): string {
  const version = pad(entry.version, 8);
  return entry.document ? `${version}#DOC#${entry.document.id}#${pad(entry.document.version, 4)}` : version;
}

const positionPattern = new RegExp(`^(\\d{8}(#DOC#${ulidCharacters}#\\d{4})?|\\d{1,8})$`);

/** Whether a cursor's position could be one (a bare version, as cursors before document events held, too). */
export function isAuditPosition(value: string): boolean {
  return positionPattern.test(value);
}

/** A position in its stored form: a bare version number becomes the version's position. */
export function normalizedAuditPosition(position: string | number): string {
  const text = String(position);
  return /^\d{1,8}$/.test(text) ? pad(Number(text), 8) : text;
}
