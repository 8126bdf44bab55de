/** A page of a listing: the items and, when more follow, the opaque cursor of the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Where a listing starts: after a position (decoded from a cursor) and how many items at most. */
export interface PageRequest {
  readonly limit: number;
  /** The sort key of the last item already returned, when continuing. */
  readonly after?: string;
}

export const defaultPageLimit = 25;
export const maxPageLimit = 100;
