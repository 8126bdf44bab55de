/**
 * Document ids, apart from the document schemas so that metric reports can name documents without
 * importing those schemas (which use the reporting period of the metric schemas).
 */
import * as z from 'zod/mini';
import { isUlid, ulidPattern } from '../ids.ts';
import { built } from '../pure.ts';
import '../zod-messages.ts';

/** A document id (a ULID). */
export const documentIdSchema = /* @__PURE__ */ built(() =>
  z.string().check(z.regex(ulidPattern, 'Must be a document id')),
);

/** Whether a string could be a document id; anything else cannot exist, so it is a 404 early. */
export function isDocumentId(value: string): boolean {
  return isUlid(value);
}
