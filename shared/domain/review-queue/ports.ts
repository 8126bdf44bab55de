/** What the review queue needs from storage (DynamoDB: `shared/adapters/dynamodb/review-queue.ts`). */
import type { ReviewQueueFilters, WaitingItem } from './schema.ts';

export interface ReviewQueuePageQuery {
  readonly filters: ReviewQueueFilters;
  readonly limit: number;
  /** The position the previous page ended at (exclusive). */
  readonly after?: string;
}

export interface ReviewQueuePage {
  /** Oldest first. */
  readonly items: readonly WaitingItem[];
  /** Where the next page starts, when more may follow. */
  readonly nextAfter?: string;
}

export interface ReviewQueueRepository {
  /**
   * One page of waiting items, oldest first, reading at most one bounded index page per kind
   * whatever the filters (a rare filter gives a short page with `nextAfter`, never a longer read).
   */
  page(query: ReviewQueuePageQuery): Promise<ReviewQueuePage>;
  /** Whether a cursor's position is one this repository issues. */
  isPosition(value: string): boolean;
}
