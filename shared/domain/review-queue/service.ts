/** `GET /review-queue`: what waits for a reviewer's decision, oldest first (docs/review-queue.md). */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import type { ReviewQueueRepository } from './ports.ts';
import type { ReviewQueueEntry, ReviewQueueFilters, WaitingItem } from './schema.ts';

export interface ReviewQueueRequest {
  readonly filters: ReviewQueueFilters;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Whole seconds from `since` to `now`, never negative (clocks of two writers may disagree a little). */
function ageSeconds(since: string, now: string): number {
  return Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 1000));
}

function withAge(item: WaitingItem, now: string): ReviewQueueEntry {
  return { ...item, ageSeconds: ageSeconds(item.waitingSince, now) } as ReviewQueueEntry;
}

export class ReviewQueueReader {
  constructor(private readonly deps: { readonly queue: ReviewQueueRepository; readonly now: () => string }) {}

  /**
   * The waiting items that match the filters, oldest first, each with its age and link.
   * @throws ForbiddenError (403) unless the caller is a reviewer or an admin
   */
  async list(principal: Principal, request: ReviewQueueRequest): Promise<Page<ReviewQueueEntry>> {
    assertAuthorized(principal, 'review_queue:list');
    const fingerprint = listingFingerprint('review-queue', { ...request.filters });
    const after = request.cursor
      ? decodeCursor(fingerprint, request.cursor, (value) => this.deps.queue.isPosition(value))
      : undefined;
    const page = await this.deps.queue.page({
      filters: request.filters,
      limit: request.limit,
      ...(after === undefined ? {} : { after }),
    });
    const now = this.deps.now();
    return {
      items: page.items.map((item) => withAge(item, now)),
      nextCursor: page.nextAfter === undefined ? null : encodeCursor(fingerprint, page.nextAfter),
    };
  }
}
