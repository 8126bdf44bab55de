/**
 * The SDK's S3 client configured as the product's was before the lean client
 * (`shared/adapters/s3/client.ts`): what the request cross-checks compare against, and a reader of
 * the local server for tests that want an operation the product does not send (ListObjectsV2, as
 * the workflow's Distributed Map lists shards).
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { localS3Credentials } from '../../shared/adapters/s3/client.ts';

/** The old `createS3Client`'s settings; `overrides` add what a test fixes (credentials, handler). */
export function sdkS3Client(endpoint: string | undefined, overrides: S3ClientConfig = {}): S3Client {
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
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 30_000 },
    ...overrides,
  });
}
