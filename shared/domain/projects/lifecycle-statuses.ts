/**
 * The lifecycle statuses, in lifecycle order. Kept apart from the zod schemas so that code that
 * only needs the list (the indicator job) does not load zod at cold start.
 */
export const lifecycleStatuses = [
  'announced',
  'feasibility',
  'fid',
  'construction',
  'operating',
  'suspended',
  'retired',
  'cancelled',
] as const;
