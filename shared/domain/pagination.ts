/** A page of a listing: the items and, when more follow, the opaque cursor of the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export const defaultPageLimit = 25;
export const maxPageLimit = 100;
