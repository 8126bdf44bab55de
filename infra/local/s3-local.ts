/**
 * The local stand-in for S3: s3rver (an S3-compatible server) on 127.0.0.1, with the buckets of
 * `shared/buckets.ts` and their data under the local state folder, and the object-created triggers
 * of `shared/routes.ts`: each object created under a bucket's prefix invokes the function its
 * definition names, with the event reshaped as S3 sends it to Lambda.
 *
 * What s3rver does not do, and what stands in for it: it ignores a presigned POST's policy (no
 * expiry, size, content-type or checksum check) and keeps no versions. The arrival check measures
 * size, SHA-256 and type itself and compares the arrival time with the form's expiry, so a file the
 * policy would have refused in AWS is rejected locally by the check (`docs/evidence.md`).
 */
import type { S3Event, S3EventRecord } from 'aws-lambda';
import S3rver, { type S3rverEvent } from 's3rver';
import { type BucketDefinition, bucketDefinitions } from '../../shared/buckets.ts';
import type { FunctionDefinition } from '../../shared/routes.ts';

/** The bucket name the local runtime uses for a definition. */
export function localBucketName(definition: BucketDefinition, prefix = 'jucip-local'): string {
  return `${prefix}-${definition.id}`;
}

/** The environment that tells functions the local bucket names and where the server is. */
export function localBucketEnvironment(endpoint: string, prefix = 'jucip-local'): Record<string, string> {
  return {
    ...Object.fromEntries(bucketDefinitions.map((d) => [d.envVar, localBucketName(d, prefix)])),
    S3_ENDPOINT: endpoint,
    // s3rver keeps one object per key: deleting the key deletes "every version".
    S3_VERSIONING: 'off',
  };
}

/**
 * An s3rver event as AWS delivers an S3 notification to Lambda: event version 2.1, the key
 * URL-encoded (spaces as `+`), the bucket's ARN, and no version id (the local server has none).
 */
export function awsShapedS3Event(event: S3rverEvent, region = 'us-east-1'): S3Event {
  return {
    Records: event.Records.map(
      (record): S3EventRecord => ({
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: record.eventTime,
        eventName: record.eventName as S3EventRecord['eventName'],
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local',
          bucket: {
            name: record.s3.bucket.name,
            ownerIdentity: { principalId: 'local' },
            arn: `arn:aws:s3:::${record.s3.bucket.name}`,
          },
          object: {
            key: encodeURIComponent(record.s3.object.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: record.s3.object.size ?? 0,
            eTag: record.s3.object.eTag ?? '',
            sequencer: record.s3.object.sequencer ?? '0',
          },
        },
      }),
    ),
  };
}

/** CORS for the configured origins, as the bucket has it in AWS: POST uploads and GET downloads. */
function corsConfiguration(origins: readonly string[]): string {
  const rules = origins
    .map(
      (origin) =>
        `<CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule>`,
    )
    .join('');
  return `<CORSConfiguration>${rules}</CORSConfiguration>`;
}

export interface LocalS3Options {
  /** Where objects are kept. */
  readonly directory: string;
  /** Forget every object when the server stops (for an in-memory runtime). */
  readonly resetOnClose?: boolean;
  /** 0 for any free port. */
  readonly port?: number;
  readonly corsOrigins?: readonly string[];
  /** The functions whose definitions carry `object_created` triggers. */
  readonly functions: readonly FunctionDefinition[];
  /** Invokes a function with an event (asynchronously, as S3 invokes Lambda). */
  readonly invoke: (definition: FunctionDefinition, event: S3Event) => Promise<unknown>;
  readonly onResult?: (definition: FunctionDefinition, result: unknown) => void;
  readonly onError?: (definition: FunctionDefinition, error: unknown) => void;
}

export interface LocalS3 {
  readonly endpoint: string;
  /** Resolves once every triggered invocation so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Lambda retries a failed asynchronous invocation twice. */
const asyncRetries = 2;

/** Starts the server with the buckets and wires the object-created triggers. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    resetOnClose: options.resetOnClose ?? false,
    // Path-style URLs only, as the SDK is configured locally.
    vhostBuckets: false,
    configureBuckets: bucketDefinitions.map((definition) => ({
      name: localBucketName(definition),
      ...(options.corsOrigins && options.corsOrigins.length > 0
        ? { configs: [corsConfiguration(options.corsOrigins)] }
        : {}),
    })),
  });
  const { port } = await server.run();
  const inFlight = new Set<Promise<void>>();
  const targets = options.functions.flatMap((definition) =>
    (definition.triggers ?? [])
      .filter((trigger) => trigger.kind === 'object_created')
      .map((trigger) => {
        const bucket = bucketDefinitions.find((b) => b.id === trigger.bucket) as BucketDefinition;
        return { definition, bucketName: localBucketName(bucket), prefix: bucket.objectPrefix };
      }),
  );
  server.on('event', (event) => {
    const record = event.Records[0];
    if (!record?.eventName.startsWith('ObjectCreated:')) return;
    for (const target of targets) {
      if (record.s3.bucket.name !== target.bucketName || !record.s3.object.key.startsWith(target.prefix))
        continue;
      const run = (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            const result = await options.invoke(target.definition, awsShapedS3Event(event));
            options.onResult?.(target.definition, result);
            return;
          } catch (error) {
            if (attempt >= asyncRetries) {
              options.onError?.(target.definition, error);
              return;
            }
          }
        }
      })();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async stop() {
      await Promise.all([...inFlight]);
      await server.close();
    },
  };
}
