/** What cross-origin callers may send and read; API Gateway's CORS and the local gateway both use this. */

export const corsAllowHeaders = [
  'authorization',
  'content-type',
  'if-match',
  'idempotency-key',
  'x-request-id',
];
export const corsExposeHeaders = [
  'etag',
  'location',
  'retry-after',
  'x-request-id',
  'idempotent-replayed',
  'link',
  'omitted-projects',
];
export const corsAllowMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
