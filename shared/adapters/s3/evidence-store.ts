/**
 * The evidence bucket of this container, from the environment: one S3 client, and each kind of
 * access built only by the function that uses it (factories, so that a function bundles no other).
 */
import { bucketName, bucketsVersioned } from '../../config/env.ts';
import { createS3Client, type S3Client } from './client.ts';
import { S3EvidenceDownloads } from './evidence-downloads.ts';
import { S3EvidenceInspection } from './evidence-inspection.ts';
import type { S3EvidenceObjectsOptions } from './evidence-objects.ts';
import { S3EvidenceUploads } from './evidence-uploads.ts';

let client: S3Client | undefined;

function evidenceBucket(): [S3Client, S3EvidenceObjectsOptions] {
  client ??= createS3Client();
  return [client, { bucket: bucketName('evidence'), versioned: bucketsVersioned() }];
}

/** Upload forms for the evidence bucket. */
export function evidenceUploads(): S3EvidenceUploads {
  return new S3EvidenceUploads(...evidenceBucket());
}

/** Download links to the evidence bucket's objects. */
export function evidenceDownloads(): S3EvidenceDownloads {
  return new S3EvidenceDownloads(...evidenceBucket());
}

/** Reading and deleting the evidence bucket's objects (the arrival check). */
export function evidenceInspection(): S3EvidenceInspection {
  return new S3EvidenceInspection(...evidenceBucket());
}
