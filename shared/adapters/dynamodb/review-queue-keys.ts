/**
 * The review queue's index keys, shared by the two tables that hold waiting items (projects: gsi4,
 * metrics: gsi1). Both sort on the same position, `<waiting since>#<kind>#<id>`, so that one merge
 * puts them in one order, oldest first (docs/review-queue.md).
 */

import { ulidCharacters } from '../../domain/ids.ts';
import type { ReviewQueueKind } from '../../domain/review-queue/schema.ts';

/** The one index partition of waiting items in each table. */
export const reviewQueuePartition = 'QUEUE';

/** A waiting item's sort key: its ISO 8601 UTC time first, so that key order is age order. */
export function queuePosition(waitingSince: string, kind: ReviewQueueKind, id: string): string {
  return `${waitingSince}#${kind}#${id}`;
}

const positionPattern = new RegExp(
  `^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z#(project#${ulidCharacters}|report#${ulidCharacters}#\\d{4}-\\d{2})$`,
);

/** Whether a string is a queue position this code writes (a cursor must hold one). */
export function isQueuePosition(value: string): boolean {
  return positionPattern.test(value);
}
