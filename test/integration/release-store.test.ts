/**
 * The releases' S3 store against the local S3-compatible server: listing newest first a page at a
 * time, with more releases than a page holds (a truncated listing).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, localBucketName, startLocalS3 } from '../../infra/local/s3-local.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { S3ReleaseStore } from '../../shared/adapters/s3/release-store.ts';
import { buckets } from '../../shared/buckets.ts';

let s3: LocalS3;
let store: S3ReleaseStore;

beforeAll(async () => {
  s3 = await startLocalS3({
    directory: mkdtempSync(join(tmpdir(), 'jucip-releases-')),
    resetOnClose: true,
    functions: [],
    invoke: async () => undefined,
  });
  store = new S3ReleaseStore(createS3Client(s3.endpoint), localBucketName(buckets.releases));
});

afterAll(() => s3.stop());

describe('the releases store on S3', () => {
  it('lists more releases than a page holds, newest first, page after page', async () => {
    const runIds = [
      '01JRELEASE0000000000000001',
      '01JRELEASE0000000000000002',
      '01JRELEASE0000000000000003',
      '01JRELEASE0000000000000004',
      '01JRELEASE0000000000000005',
    ];
    for (const runId of runIds) await store.register(runId);

    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const { releases, more } = await store.list(2, after);
      seen.push(...releases.map((release) => release.runId));
      if (!more) break;
      after = releases.at(-1)?.runId;
    }

    expect(seen).toEqual([...runIds].reverse());
  });
});
