/** Presigned POST forms for evidence uploads. */
import type { EvidenceObjects, UploadTerms } from '../../domain/documents/ports.ts';
import type { UploadForm } from '../../domain/documents/schema.ts';
import { presignPost, type S3Client } from './client.ts';
import type { S3EvidenceObjectsOptions } from './evidence-objects.ts';

/** Upload forms for the objects of one bucket. */
export class S3EvidenceUploads implements Pick<EvidenceObjects, 'signUpload'> {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3EvidenceObjectsOptions,
  ) {}

  async signUpload(terms: UploadTerms): Promise<UploadForm> {
    const fields = {
      'Content-Type': terms.contentType,
      'x-amz-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': terms.sha256Base64,
    };
    const { url, fields: signed } = await presignPost(this.client, this.options.bucket, terms.key, {
      conditions: [
        ['eq', '$Content-Type', terms.contentType],
        // The exact size: S3 refuses a file of any other length.
        ['content-length-range', terms.sizeBytes, terms.sizeBytes],
        ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
        ['eq', '$x-amz-checksum-sha256', terms.sha256Base64],
      ],
      fields,
      expiresInSeconds: terms.expiresInSeconds,
    });
    return { url, fields: signed };
  }
}
