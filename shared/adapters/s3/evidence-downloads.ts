/** Presigned GETs of evidence objects, offered as downloads under their file names. */
import type { EvidenceObjects } from '../../domain/documents/ports.ts';
import { presignGetObject, type S3Client } from './client.ts';
import type { S3EvidenceObjectsOptions } from './evidence-objects.ts';

/** `attachment` with the file name, ASCII-safe and in full (RFC 6266, RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Download links to the objects of one bucket. */
export class S3EvidenceDownloads implements Pick<EvidenceObjects, 'signDownload'> {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3EvidenceObjectsOptions,
  ) {}

  async signDownload(
    key: string,
    options: { readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number },
  ): Promise<string> {
    return presignGetObject(this.client, this.options.bucket, key, {
      responseContentDisposition: contentDisposition(options.fileName),
      responseContentType: options.contentType,
      expiresInSeconds: options.expiresInSeconds,
    });
  }
}
