/**
 * Opaque pagination cursors. A cursor carries where the last page stopped and a fingerprint of
 * the listing it belongs to, so that a cursor from another listing (other filters, another
 * project, another caller's scope) or a tampered one is refused as a bad request rather than
 * silently paging something else.
 */
import { MalformedInputError } from './errors.ts';

interface CursorBody {
  readonly v: 1;
  /** The listing's fingerprint. */
  readonly l: string;
  /** Where the last page stopped. */
  readonly a: string;
}

const badCursor = () =>
  new MalformedInputError('The cursor is not valid for this listing', [
    { path: 'cursor', message: 'Not a cursor this listing issued' },
  ]);

/** A stable fingerprint of a listing: its kind and its parameters, key order ignored. */
export function listingFingerprint(kind: string, parameters: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(parameters)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${kind}?${JSON.stringify(entries)}`;
}

/** Encodes where a page stopped into an opaque cursor for the listing. */
export function encodeCursor(fingerprint: string, after: string): string {
  const body: CursorBody = { v: 1, l: fingerprint, a: after };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor of the listing, answering where the last page stopped.
 * @throws MalformedInputError (400) for a cursor that is tampered with or belongs to another listing
 */
export function decodeCursor(
  fingerprint: string,
  cursor: string,
  isValidPosition: (after: string) => boolean,
): string {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw badCursor();
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw badCursor();
  }
  if (body?.v !== 1 || body.l !== fingerprint || typeof body.a !== 'string' || !isValidPosition(body.a)) {
    throw badCursor();
  }
  return body.a;
}
