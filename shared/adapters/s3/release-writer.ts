/**
 * The release writer as the indicator functions build it from their environment (`docs/releases.md`):
 * the releases bucket, the licence `RELEASE_LICENSE` (an SPDX id; CC-BY-4.0 when unset) and the
 * API's public URL `PUBLIC_BASE_URL`, which the descriptor's source links to when set. Both the
 * whole job in one process and the workflow's publish step write releases through it.
 */
import { bucketName, releaseEnvironment } from '../../config/env.ts';
import type { IndicatorRunStore } from '../../domain/indicator-runs/ports.ts';
import { releaseLicense } from '../../domain/releases/descriptor.ts';
import { ReleaseWriter } from '../../domain/releases/writer.ts';
import { csvRecords } from '../../http/csv.ts';
import { createS3Client } from './client.ts';
import { S3ReleaseStore } from './release-store.ts';

/** A release writer over the releases bucket, configured from the environment. */
export function releaseWriterFromEnvironment(runs: IndicatorRunStore): ReleaseWriter {
  const license = process.env[releaseEnvironment.license];
  const base = process.env[releaseEnvironment.publicBaseUrl];
  return new ReleaseWriter({
    runs,
    store: new S3ReleaseStore(createS3Client(), bucketName('releases')),
    encodeCsv: csvRecords,
    options: {
      license: releaseLicense(license === undefined || license === '' ? undefined : license),
      ...(base ? { publicBaseUrl: base } : {}),
    },
  });
}
