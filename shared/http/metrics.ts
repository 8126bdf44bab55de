/** HTTP shapes of the metrics routes. */
import * as z from 'zod/mini';
import type { MetricReport } from '../domain/metrics/schema.ts';
import { etagOf } from './preconditions.ts';
import { pageQuery } from './query.ts';
import { type HttpResponse, json } from './response.ts';
import '../domain/zod-messages.ts';

/** `GET /projects/{id}/metrics` query. */
export const metricsListQuerySchema = z.strictObject({
  from: z.optional(z.string().check(z.maxLength(7))),
  to: z.optional(z.string().check(z.maxLength(7))),
  ...pageQuery,
});

/** `GET /projects/{id}/metrics/{period}` query. */
export const metricsGetQuerySchema = z.strictObject({
  revision: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d{0,7}$/, 'Must be a revision number (1, 2, ...)')),
      z.transform(Number),
    ),
  ),
});

/** A report with its `ETag` (the month's version). */
export function reportResponse(
  statusCode: number,
  report: MetricReport,
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, report, {
    etag: etagOf(report.version),
    ...headers,
  });
}
