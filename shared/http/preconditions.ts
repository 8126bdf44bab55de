/** Optimistic concurrency over HTTP: `ETag` is the strong tag of a record's version; writes send it back in `If-Match`. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { VersionRequiredError } from '../domain/errors.ts';
import { type HttpResponse, json } from './response.ts';

/** The strong entity tag of a version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * A versioned record (a project, a report, a reference record, an organisation) as JSON with its
 * `ETag`, the one way every route answers with one (its caching is the middleware's:
 * `shared/http/cache-control.ts`).
 */
export function versionedResponse(
  statusCode: number,
  record: { readonly version: number },
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, record, { etag: etagOf(record.version), ...headers });
}

/**
 * The version named by `If-Match`. A tag that is not one of ours (weak, `*`, garbage) names no
 * version, so it can never match and the write is refused with 412.
 * @throws VersionRequiredError (428) when the header is missing
 */
export function versionFromIfMatch(event: APIGatewayProxyEventV2): number {
  const header = event.headers?.['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new VersionRequiredError('This change needs If-Match with the ETag of the version you read');
  }
  const match = /^"(\d{1,9})"$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
}

/** The version named by `If-Match`, or undefined when the header is absent (creation needs none). */
export function optionalVersionFromIfMatch(event: APIGatewayProxyEventV2): number | undefined {
  const header = event.headers?.['if-match'];
  return header === undefined || header.trim() === '' ? undefined : versionFromIfMatch(event);
}
