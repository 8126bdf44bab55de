/**
 * Evidence objects in S3 (or the local S3-compatible server): presigned POST forms for uploads
 * (`evidence-uploads.ts`), presigned GETs for downloads (`evidence-downloads.ts`), and what the
 * arrival check reads and deletes (`evidence-inspection.ts`). Each function bundles only the part it
 * uses (`docs/aws-calls.md`); this class joins them for code that wants all.
 */
import type { EvidenceObjects } from '../../domain/documents/ports.ts';
import type { S3Client } from './client.ts';
import { S3EvidenceDownloads } from './evidence-downloads.ts';
import { S3EvidenceInspection } from './evidence-inspection.ts';
import { S3EvidenceUploads } from './evidence-uploads.ts';

export interface S3EvidenceObjectsOptions {
  readonly bucket: string;
  /**
   * Whether the bucket keeps versions (it does in AWS). The local server keeps one object per key,
   * and answers no version listing, so deleting the key is deleting every version there.
   */
  readonly versioned: boolean;
}

/** Every kind of access to the objects of one bucket. */
export class S3EvidenceObjects implements EvidenceObjects {
  private readonly uploads: S3EvidenceUploads;
  private readonly downloads: S3EvidenceDownloads;
  private readonly inspection: S3EvidenceInspection;

  constructor(client: S3Client, options: S3EvidenceObjectsOptions) {
    this.uploads = new S3EvidenceUploads(client, options);
    this.downloads = new S3EvidenceDownloads(client, options);
    this.inspection = new S3EvidenceInspection(client, options);
  }

  signUpload: EvidenceObjects['signUpload'] = (terms) => this.uploads.signUpload(terms);
  signDownload: EvidenceObjects['signDownload'] = (key, options) => this.downloads.signDownload(key, options);
  inspect: EvidenceObjects['inspect'] = (key, options) => this.inspection.inspect(key, options);
  deleteAllVersions: EvidenceObjects['deleteAllVersions'] = (key) => this.inspection.deleteAllVersions(key);
}
