import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, localBucketName, startLocalS3 } from '../../infra/local/s3-local.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { S3RunWorkspace, shardOfKey, shardsPrefix } from '../../shared/adapters/s3/run-workspace.ts';
import { buckets } from '../../shared/buckets.ts';
import type { ShardPartial } from '../../shared/domain/indicator-runs/ports.ts';
import { IndicatorComputation } from '../../shared/domain/indicators/compute.ts';
import { sdkS3Client } from '../support/sdk-s3.ts';

let s3: LocalS3;
let workspace: S3RunWorkspace;
const bucket = localBucketName(buckets.jobs);
const prefix = buckets.jobs.objectPrefix;

beforeAll(async () => {
  s3 = await startLocalS3({
    directory: mkdtempSync(join(tmpdir(), 'jucip-jobs-')),
    resetOnClose: true,
    functions: [],
    invoke: async () => undefined,
  });
  workspace = new S3RunWorkspace(createS3Client(s3.endpoint), bucket, prefix);
});

afterAll(() => s3.stop());

describe('the indicator job’s S3 workspace', () => {
  it('lists a run’s shard objects in shard order, as the Distributed Map reads them', async () => {
    const runId = '01JRUNAAAAAAAAAAAAAAAAAAAA';
    for (const shard of [10, 2, 0, 1])
      await workspace.putShard(runId, shard, [{ id: `P${shard}`, key: 'PROJECT' }]);

    const listed = await sdkS3Client(s3.endpoint).send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: shardsPrefix(prefix, runId) }),
    );
    const keys = (listed.Contents ?? []).map((object) => object.Key as string);

    expect(keys.map((key) => shardOfKey(prefix, runId, key))).toEqual([0, 1, 2, 10]);
    expect(await workspace.shard(runId, 10)).toEqual([{ id: 'P10', key: 'PROJECT' }]);
  });

  it('refuses a key that is not one of the run’s shard objects', () => {
    expect(() =>
      shardOfKey(prefix, '01JRUNAAAAAAAAAAAAAAAAAAAA', `${prefix}01JOTHER/shards/000001.jsonl`),
    ).toThrow(RangeError);
  });

  it('keeps a partial result byte for byte', async () => {
    const computation = new IndicatorComputation({ lastCompleteMonth: '2025-05' });
    computation.addProject(
      {
        id: 'P1',
        hostCountry: 'US',
        technology: 'solar_pv',
        programs: ['jucip'],
        capacity: { value: 12.5, unit: 'MW' },
        participants: [{ country: 'JP', sharePct: 40 }],
        investments: [{ investorCountry: 'JP', usdAmount: 1e15, committedOn: '2025-01-02' }],
        statusHistory: [{ status: 'operating', effectiveDate: '2025-01-01' }],
      },
      [{ period: '2025-02', projectTco2e: 1, baselineTco2e: 3.5, reductionsTco2e: 2.5, verified: true }],
    );
    const partial: ShardPartial = {
      shard: 3,
      projects: 1,
      reports: 1,
      inputsHash: 'a'.repeat(64),
      projectDigests: Buffer.alloc(32, 1).toString('base64'),
      gwpSets: ['AR6'],
      calcVersions: ['accounting-1'],
      factorVersions: {},
      partial: computation.toPartial(),
    };

    await workspace.putPartial('01JRUNBBBBBBBBBBBBBBBBBBBB', partial);

    expect(JSON.stringify(await workspace.partial('01JRUNBBBBBBBBBBBBBBBBBBBB', 3))).toBe(
      JSON.stringify(partial),
    );
  });

  it('fails to read a partial that was never written', async () => {
    await expect(workspace.partial('01JRUNBBBBBBBBBBBBBBBBBBBB', 4)).rejects.toThrow();
  });
});
