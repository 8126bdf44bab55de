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
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { RangeNotSatisfiableError } from '../../domain/errors.ts';
import type {
  ByteRange,
  ReleaseFileBytes,
  ReleaseFileName,
  ReleaseFileTooLarge,
  ReleaseStore,
  ReleaseSummary,
} from '../../domain/releases/ports.ts';
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
    error instanceof NoSuchKey ||
    (error instanceof S3ServiceException &&
      (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404))
  );
}

function isInvalidRange(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'InvalidRange' || error.$metadata.httpStatusCode === 416)
  );
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
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(runId, name),
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
      }),
    );
  }

  async register(runId: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${indexPrefix}${descendingKey(runId)}`,
        Body: new Uint8Array(0),
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async list(limit: number, afterRunId?: string): Promise<{ releases: ReleaseSummary[]; more: boolean }> {
    const page = await this.client.send(
      new ListObjectsCommand({
        Bucket: this.bucket,
        Prefix: indexPrefix,
        MaxKeys: limit + 1,
        ...(afterRunId ? { Marker: `${indexPrefix}${descendingKey(afterRunId)}` } : {}),
      }),
    );
    const objects = page.Contents ?? [];
    const releases = objects.slice(0, limit).map((object) => ({
      // The mirror is its own inverse.
      runId: descendingKey((object.Key ?? '').slice(indexPrefix.length)),
      createdAt: (object.LastModified ?? new Date(0)).toISOString(),
    }));
    return { releases, more: objects.length > limit || page.IsTruncated === true };
  }

  async file(
    runId: string,
    name: ReleaseFileName,
    options: { readonly range?: ByteRange | undefined; readonly maxBytes: number },
  ): Promise<ReleaseFileBytes | ReleaseFileTooLarge | undefined> {
    const key = this.key(runId, name);
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(options.range ? { Range: rangeHeader(options.range) } : {}),
        }),
      );
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (isInvalidRange(error)) throw new RangeNotSatisfiableError(await this.sizeOf(key));
      throw error;
    }
    const served = parseContentRange(response.ContentRange);
    const length = response.ContentLength ?? 0;
    const sizeBytes = served?.size ?? length;
    if (length > options.maxBytes) {
      // Not read: the caller gets a link to the object instead.
      (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { kind: 'too_large', sizeBytes };
    }
    const body = (await response.Body?.transformToByteArray()) ?? new Uint8Array(0);
    return {
      kind: 'bytes',
      body,
      sizeBytes,
      etag: response.ETag ?? '',
      contentType: response.ContentType ?? 'application/octet-stream',
      ...(served && options.range ? { range: { start: served.start, end: served.end } } : {}),
    };
  }

  async link(runId: string, name: ReleaseFileName, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.key(runId, name),
        ResponseContentDisposition: contentDisposition(`jucip-${runId}-${name}`),
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  private async sizeOf(key: string): Promise<number> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return head.ContentLength ?? 0;
  }
}
