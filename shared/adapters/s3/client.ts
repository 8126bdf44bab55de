/**
 * The S3 client factory. `S3_ENDPOINT` points it at the local S3-compatible server (s3rver), which
 * wants path-style URLs and its own fixed credentials; in AWS the client uses the function's role.
 */
import { S3Client } from '@aws-sdk/client-s3';

/** The access key s3rver accepts (its built-in account); not a secret, and useless against AWS. */
export const localS3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A client for S3, or for the local server when `endpoint` is given. */
export function createS3Client(endpoint = process.env.S3_ENDPOINT): S3Client {
  return new S3Client({
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: true,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: localS3Credentials,
        }
      : {}),
    maxAttempts: 3,
    // Checksums only where S3 requires them: presigned GETs stay plain links, and s3rver returns
    // none; the arrival check computes the SHA-256 itself.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 30_000 },
  });
}
