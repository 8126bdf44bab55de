/**
 * Release files in S3 (or the local S3-compatible server), under `releases/` (`docs/releases.md`):
 *
 * - `releases/<runId>/<file>`: the files of a run's release.
 * - `releases/index/<descending key>`: one empty object per complete release, written after its
 *   files. The key is the run id with each character replaced by its mirror in the Crockford
 *   alphabet, so that S3's ascending key order lists the newest run first: a page of the list is
 *   one bounded list call, whatever the number of releases. It is `ListObjects` with a `Marker`
 *   rather than `ListObjectsV2`: the pages are keyed by the run id the cursor carries, so no
 *   continuation token is needed, and the local S3 server (s3rver 3.7) fails every truncated V2
 *   listing on Node 17 and later (its continuation tokens use DES, which OpenSSL 3 no longer offers).
 */
import { buffer } from 'node:stream/consumers';
import { RangeNotSatisfiableError } from '../../domain/errors.ts';
import type {
  ByteRange,
  ReleaseFileBytes,
  ReleaseFileName,
  ReleaseFileTooLarge,
  ReleaseStore,
  ReleaseSummary,
} from '../../domain/releases/ports.ts';
import { AwsServiceError } from '../aws/signed-request.ts';
import {
  getObject,
  headObject,
  listObjects,
  presignGetObject,
  putObject,
  type S3Client,
  type S3ObjectStream,
} from './client.ts';
import { contentDisposition } from './evidence-downloads.ts';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const filesPrefix = 'releases/';
const indexPrefix = 'releases/index/';

/** The run id's mirror in the Crockford alphabet: a later run id gives an earlier key. */
export function descendingKey(runId: string): string {
  return [...runId].map((c) => crockford[crockford.length - 1 - crockford.indexOf(c)] ?? c).join('');
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof AwsServiceError &&
    (error.code === 'NoSuchKey' || error.code === 'NotFound' || error.statusCode === 404)
  );
}

function isInvalidRange(error: unknown): boolean {
  return error instanceof AwsServiceError && (error.code === 'InvalidRange' || error.statusCode === 416);
}

/** The `Range` header S3 reads for a byte range. */
function rangeHeader(range: ByteRange): string {
  return range.kind === 'suffix' ? `bytes=-${range.length}` : `bytes=${range.start}-${range.end ?? ''}`;
}

/** `bytes 0-99/1234` → its parts. */
function parseContentRange(
  header: string | undefined,
): { start: number; end: number; size: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  return match ? { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) } : undefined;
}

export class S3ReleaseStore implements ReleaseStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private key(runId: string, name: ReleaseFileName): string {
    return `${filesPrefix}${runId}/${name}`;
  }

  async putFile(runId: string, name: ReleaseFileName, body: Uint8Array, contentType: string): Promise<void> {
    await putObject(this.client, this.bucket, this.key(runId, name), body, { contentType });
  }

  async register(runId: string): Promise<void> {
    await putObject(this.client, this.bucket, `${indexPrefix}${descendingKey(runId)}`, new Uint8Array(0), {
      contentType: 'application/octet-stream',
    });
  }

  async list(limit: number, afterRunId?: string): Promise<{ releases: ReleaseSummary[]; more: boolean }> {
    const page = await listObjects(this.client, this.bucket, {
      prefix: indexPrefix,
      maxKeys: limit + 1,
      marker: afterRunId ? `${indexPrefix}${descendingKey(afterRunId)}` : undefined,
    });
    const objects = page.contents;
    const releases = objects.slice(0, limit).map((object) => ({
      // The mirror is its own inverse.
      runId: descendingKey(object.key.slice(indexPrefix.length)),
      createdAt: (object.lastModified ?? new Date(0)).toISOString(),
    }));
    return { releases, more: objects.length > limit || page.isTruncated };
  }

  async file(
    runId: string,
    name: ReleaseFileName,
    options: { readonly range?: ByteRange | undefined; readonly maxBytes: number },
  ): Promise<ReleaseFileBytes | ReleaseFileTooLarge | undefined> {
    const key = this.key(runId, name);
    let response: S3ObjectStream;
    try {
      response = await getObject(this.client, this.bucket, key, {
        range: options.range ? rangeHeader(options.range) : undefined,
      });
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (isInvalidRange(error)) throw new RangeNotSatisfiableError(await this.sizeOf(key));
      throw error;
    }
    const served = parseContentRange(response.contentRange);
    const length = response.contentLength ?? 0;
    const sizeBytes = served?.size ?? length;
    if (length > options.maxBytes) {
      // Not read: the caller gets a link to the object instead.
      response.body.destroy();
      return { kind: 'too_large', sizeBytes };
    }
    const bytes = await buffer(response.body);
    const body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      kind: 'bytes',
      body,
      sizeBytes,
      etag: response.etag ?? '',
      contentType: response.contentType ?? 'application/octet-stream',
      ...(served && options.range ? { range: { start: served.start, end: served.end } } : {}),
    };
  }

  async link(runId: string, name: ReleaseFileName, expiresInSeconds: number): Promise<string> {
    return presignGetObject(this.client, this.bucket, this.key(runId, name), {
      responseContentDisposition: contentDisposition(`jucip-${runId}-${name}`),
      expiresInSeconds,
    });
  }

  private async sizeOf(key: string): Promise<number> {
    const head = await headObject(this.client, this.bucket, key);
    return head.contentLength ?? 0;
  }
}
