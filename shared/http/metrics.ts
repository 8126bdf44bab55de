/** HTTP shapes of the metrics routes. */
import * as z from 'zod';
import type { MetricReport } from '../domain/metrics/schema.ts';
import { etagOf } from './preconditions.ts';
import { pageQuery } from './query.ts';
import { type HttpResponse, json } from './response.ts';

/** `GET /projects/{id}/metrics` query. */
export const metricsListQuerySchema = z.strictObject({
  from: z.string().max(7).optional(),
  to: z.string().max(7).optional(),
  ...pageQuery,
});

/** `GET /projects/{id}/metrics/{period}` query. */
export const metricsGetQuerySchema = z.strictObject({
  revision: z
    .string()
    .regex(/^[1-9]\d{0,7}$/, 'Must be a revision number (1, 2, ...)')
    .transform(Number)
    .optional(),
});

/** A report with its `ETag` (the month's version). */
export function reportResponse(
  statusCode: number,
  report: MetricReport,
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, report, {
    etag: etagOf(report.version),
    'cache-control': 'private, no-cache',
    ...headers,
  });
}
