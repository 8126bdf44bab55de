/** The evidence objects of this container, created once at module scope from the environment. */
import { bucketName, bucketsVersioned } from '../../config/env.ts';
import { createS3Client } from './client.ts';
import { S3EvidenceObjects } from './evidence-objects.ts';

export const evidenceObjects = new S3EvidenceObjects(createS3Client(), {
  bucket: bucketName('evidence'),
  versioned: bucketsVersioned(),
});
