/** What the arrival check does to evidence objects: read one once, delete every version of one. */
import { createHash } from 'node:crypto';
import type { EvidenceObjects, ObjectInspection } from '../../domain/documents/ports.ts';
import { headBytesNeeded, tailBytesNeeded } from '../../domain/documents/sniff.ts';
import { AwsServiceError } from '../aws/signed-request.ts';
import {
  deleteObject,
  deleteObjects,
  getObject,
  listObjectVersions,
  type S3Client,
  type S3ObjectStream,
} from './client.ts';
import type { S3EvidenceObjectsOptions } from './evidence-objects.ts';

function isMissing(error: unknown): boolean {
  return (
    error instanceof AwsServiceError &&
    (error.code === 'NoSuchKey' || error.code === 'NoSuchVersion' || error.statusCode === 404)
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
    let response: S3ObjectStream;
    try {
      response = await getObject(this.client, this.options.bucket, key, {
        versionId: options.versionId || undefined,
      });
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
    const body = response.body;
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
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
    body.destroy();
    const tailBytes = Buffer.concat(tail);
    return {
      head: Buffer.concat(head),
      tail: tailBytes.subarray(Math.max(0, tailBytes.length - tailBytesNeeded)),
      sizeBytes: truncated ? options.maxBytes : sizeBytes,
      sha256Hex: hash.digest('hex'),
      contentType: response.contentType,
      truncated,
    };
  }

  async deleteAllVersions(key: string): Promise<void> {
    if (!this.options.versioned) {
      await deleteObject(this.client, this.options.bucket, key);
      return;
    }
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await listObjectVersions(this.client, this.options.bucket, {
        prefix: key,
        keyMarker,
        versionIdMarker,
      });
      // The prefix also matches longer keys; only this key's versions and delete markers go.
      const objects = [...page.versions, ...page.deleteMarkers]
        .filter((version) => version.key === key && version.versionId)
        .map((version) => ({ key, versionId: version.versionId as string }));
      if (objects.length > 0) {
        const errors = await deleteObjects(this.client, this.options.bucket, objects, { quiet: true });
        if (errors.length > 0) {
          throw new Error(
            `Could not delete ${errors.length} version(s) of ${key}: ${errors[0]?.code ?? 'unknown'}`,
          );
        }
      }
      keyMarker = page.isTruncated ? page.nextKeyMarker : undefined;
      versionIdMarker = page.isTruncated ? page.nextVersionIdMarker : undefined;
    } while (keyMarker);
  }
}
