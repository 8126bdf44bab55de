/** HTTP shapes of the release reads (`docs/releases.md`): a file's bytes, a range of them, or a link. */

import { contentDisposition } from '../adapters/s3/evidence-downloads.ts';
import type { ReleaseFileAnswer } from '../domain/releases/reads.ts';
import type { HttpResponse } from './response.ts';

/**
 * A published release never changes (its run id is its version), so caches may keep its files; an
 * hour bounds how long a cache can serve a file of a run that a retry rewrote before it published.
 */
const releaseCache = { 'cache-control': 'public, max-age=3600' };

/**
 * The response for a release file: 200 with the bytes (or 206 with the range asked for), with
 * `ETag`, `Content-Length` and `Accept-Ranges`; a file too large for one response is a 302 to a
 * short-lived link to the object. `download` names the file for `Content-Disposition`; without it
 * the file is shown inline (the descriptor).
 */
export function releaseFileResponse(
  answer: ReleaseFileAnswer,
  options: { readonly download: string | undefined },
): HttpResponse {
  if (answer.kind === 'link') {
    return { statusCode: 302, headers: { location: answer.url, 'cache-control': 'no-store' } };
  }
  const headers: Record<string, string> = {
    'content-type': answer.contentType,
    'content-length': String(answer.body.byteLength),
    'accept-ranges': 'bytes',
    ...(answer.etag ? { etag: answer.etag } : {}),
    ...(options.download ? { 'content-disposition': contentDisposition(options.download) } : {}),
    ...releaseCache,
  };
  if (answer.range)
    headers['content-range'] = `bytes ${answer.range.start}-${answer.range.end}/${answer.sizeBytes}`;
  return {
    statusCode: answer.range ? 206 : 200,
    headers,
    body: Buffer.from(answer.body).toString('base64'),
    isBase64Encoded: true,
  };
}
