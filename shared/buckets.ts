/**
 * The S3 buckets the tracker keeps, defined once: CDK builds them (and grants functions access to
 * their object prefix from `shared/routes.ts`), the local runtime creates the same ones in its
 * S3-compatible server.
 */

export type BucketId = 'evidence' | 'releases' | 'jobs';

export interface BucketDefinition {
  readonly id: BucketId;
  /** Environment variable through which functions learn the physical bucket name. */
  readonly envVar: string;
  /** The only prefix functions' grants and object events cover (`documents/`). */
  readonly objectPrefix: string;
  /** Objects expire this many days after they are written (scratch data); kept until deleted when absent. */
  readonly objectsExpireAfterDays?: number;
}

/**
 * What a function may do with a bucket's objects under its prefix: `put` (so that it can sign
 * upload forms), `read` (objects and their versions, so that it can read them or sign downloads),
 * `delete` (every version, which needs listing versions under the prefix too), `list` (the keys
 * under the prefix).
 */
export type BucketAccess = 'put' | 'read' | 'delete' | 'list';

export const buckets: Readonly<Record<BucketId, BucketDefinition>> = {
  /** Evidence documents for MRV (`docs/evidence.md`). */
  evidence: { id: 'evidence', envVar: 'EVIDENCE_BUCKET_NAME', objectPrefix: 'documents/' },
  /** The files of each published indicator run (`docs/releases.md`), served through the API. */
  releases: { id: 'releases', envVar: 'RELEASES_BUCKET_NAME', objectPrefix: 'releases/' },
  /**
   * The indicator job's workspace: each run's shards and partial results (`docs/indicator-job.md`),
   * needed only while the run runs; kept a week to look into a failed run.
   */
  jobs: {
    id: 'jobs',
    envVar: 'JOBS_BUCKET_NAME',
    objectPrefix: 'indicator-runs/',
    objectsExpireAfterDays: 7,
  },
};

export const bucketDefinitions: readonly BucketDefinition[] = Object.values(buckets);
