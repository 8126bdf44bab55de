/** What the arrival check does to evidence objects: read one once, delete every version of one. */
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectVersionsCommand,
  NoSuchKey,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { EvidenceObjects, ObjectInspection } from '../../domain/documents/ports.ts';
import { headBytesNeeded, tailBytesNeeded } from '../../domain/documents/sniff.ts';
import type { S3EvidenceObjectsOptions } from './evidence-objects.ts';

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    (error instanceof S3ServiceException &&
      (error.name === 'NoSuchKey' ||
        error.name === 'NoSuchVersion' ||
        error.$metadata.httpStatusCode === 404))
  );
}

/** Reading and deleting the objects of one bucket. */
export class S3EvidenceInspection implements Pick<EvidenceObjects, 'inspect' | 'deleteAllVersions'> {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3EvidenceObjectsOptions,
  ) {}

  async inspect(
    key: string,
    options: { readonly versionId?: string | undefined; readonly maxBytes: number },
  ): Promise<ObjectInspection | undefined> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          ...(options.versionId ? { VersionId: options.versionId } : {}),
        }),
      );
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    const tail: Buffer[] = [];
    let tailLength = 0;
    let sizeBytes = 0;
    let truncated = false;
    const body = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    for await (const chunk of body ?? []) {
      const bytes = Buffer.from(chunk);
      sizeBytes += bytes.length;
      if (sizeBytes > options.maxBytes) {
        truncated = true;
        break;
      }
      hash.update(bytes);
      if (headLength < headBytesNeeded) {
        head.push(bytes.subarray(0, headBytesNeeded - headLength));
        headLength += Math.min(bytes.length, headBytesNeeded - headLength);
      }
      tail.push(bytes);
      tailLength += bytes.length;
      while (tail.length > 1 && tailLength - (tail[0]?.length ?? 0) >= tailBytesNeeded) {
        tailLength -= tail.shift()?.length ?? 0;
      }
    }
    // Leaving the loop early closes the stream; an unread rest is not downloaded.
    body?.destroy?.();
    const tailBytes = Buffer.concat(tail);
    return {
      head: Buffer.concat(head),
      tail: tailBytes.subarray(Math.max(0, tailBytes.length - tailBytesNeeded)),
      sizeBytes: truncated ? options.maxBytes : sizeBytes,
      sha256Hex: hash.digest('hex'),
      contentType: response.ContentType,
      truncated,
    };
  }

  async deleteAllVersions(key: string): Promise<void> {
    if (!this.options.versioned) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return;
    }
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: this.options.bucket,
          Prefix: key,
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(versionIdMarker ? { VersionIdMarker: versionIdMarker } : {}),
        }),
      );
      // The prefix also matches longer keys; only this key's versions and delete markers go.
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((version) => version.Key === key && version.VersionId)
        .map((version) => ({ Key: key, VersionId: version.VersionId as string }));
      if (objects.length > 0) {
        const { Errors = [] } = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.options.bucket,
            Delete: { Objects: objects, Quiet: true },
          }),
        );
        if (Errors.length > 0) {
          throw new Error(
            `Could not delete ${Errors.length} version(s) of ${key}: ${Errors[0]?.Code ?? 'unknown'}`,
          );
        }
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
  }
}
