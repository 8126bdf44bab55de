/**
 * The lean S3 client (`shared/adapters/s3/client.ts`) against the SDK's: each operation the adapters
 * use is built both ways with the same credentials, region and clock, and the signed requests must
 * be the same request — method, host, port, path, query, every header including `Authorization`
 * (so the signed header set and the signature), and the body. Presigned URLs and POST forms must be
 * equal strings. Both clients send through a recorder that answers canned responses, so the same
 * answers also check that both read lists and errors alike. Nothing reaches the network.
 */
import { Readable } from 'node:stream';
import {
  type DeleteMarkerEntry,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectVersion,
  PutObjectCommand,
  type S3Client as SdkS3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type HttpRequest, HttpResponse } from '@smithy/core/transport';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../../shared/adapters/aws/signed-request.ts';
import {
  createS3Client,
  deleteObject,
  deleteObjects,
  deleteObjectsBody,
  encodeKey,
  getObject,
  headObject,
  listObjects,
  listObjectVersions,
  parseDeleteErrors,
  parseObjectList,
  parseVersionList,
  presignPost,
  putObject,
  type S3Client,
} from '../../../../shared/adapters/s3/client.ts';
import { S3EvidenceDownloads } from '../../../../shared/adapters/s3/evidence-downloads.ts';
import { S3EvidenceInspection } from '../../../../shared/adapters/s3/evidence-inspection.ts';
import { S3EvidenceUploads } from '../../../../shared/adapters/s3/evidence-uploads.ts';
import { S3ReleaseStore } from '../../../../shared/adapters/s3/release-store.ts';
import { RangeNotSatisfiableError } from '../../../../shared/domain/errors.ts';
import { sentRequest } from '../../../support/aws-http.ts';
import { sdkS3Client } from '../../../support/sdk-s3.ts';

/**
 * Headers only the SDK sends. It signs all but `user-agent`, so they are taken off the SDK's
 * request before it is signed, and the signatures then cover the same headers. None changes what S3
 * does with a request:
 * - `user-agent` (never signed) and `x-amz-user-agent`: the SDK's name, version and platform, which
 *   S3 records for its metrics only.
 * - `amz-sdk-invocation-id`: a random id per operation, shared by its retries, for the SDK's own
 *   bookkeeping; S3 ignores it.
 * - `amz-sdk-request`: `attempt=1; max=3`, the SDK's retry state, which S3 ignores.
 */
const sdkOnlyHeaders = ['user-agent', 'x-amz-user-agent', 'amz-sdk-invocation-id', 'amz-sdk-request'];

interface Canned {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A request handler that keeps each request it is given and answers the next canned response. */
class Recorder {
  readonly requests: HttpRequest[] = [];
  private readonly answers: Canned[] = [];

  answer(...answers: Canned[]): this {
    this.answers.push(...answers);
    return this;
  }

  async handle(request: HttpRequest) {
    this.requests.push(request);
    const answer = this.answers.shift() ?? {};
    return {
      response: new HttpResponse({
        statusCode: answer.statusCode ?? 200,
        headers: answer.headers ?? {},
        body: Readable.from(answer.body ? [Buffer.from(answer.body)] : []),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs() {
    return {};
  }

  destroy(): void {}
}

/** What makes two signed requests the same request on the wire (a missing body is not an empty one). */
function wire(request: HttpRequest | undefined) {
  if (!request) throw new Error('no request was sent');
  const sent = sentRequest(request);
  return {
    ...sent,
    headers: Object.fromEntries(
      Object.entries(sent.headers).filter(([name]) => !sdkOnlyHeaders.includes(name)),
    ),
    body: request.body === undefined ? undefined : sent.body.toString('hex'),
  };
}

interface Pair {
  readonly lean: S3Client;
  readonly sdk: SdkS3Client;
  readonly leanRecorder: Recorder;
  readonly sdkRecorder: Recorder;
}

/** The product's factory and the SDK client as the product configured it, each with a recorder. */
function clients(endpoint: string | undefined): Pair {
  const leanRecorder = new Recorder();
  const sdkRecorder = new Recorder();
  const sdk = sdkS3Client(endpoint, { requestHandler: sdkRecorder });
  const dropSdkOnlyHeaders: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    const { headers } = args.request as HttpRequest;
    for (const name of Object.keys(headers)) {
      if (sdkOnlyHeaders.includes(name.toLowerCase())) delete headers[name];
    }
    return next(args);
  };
  sdk.middlewareStack.addRelativeTo(
    dropSdkOnlyHeaders as Parameters<typeof sdk.middlewareStack.addRelativeTo>[0],
    { name: 'dropSdkOnlyHeaders', relation: 'before', toMiddleware: 'httpSigningMiddleware' },
  );
  return { lean: createS3Client(endpoint, { requestHandler: leanRecorder }), sdk, leanRecorder, sdkRecorder };
}

const modes = [
  {
    name: 'locally (path-style, s3rver’s credentials)',
    endpoint: 'http://127.0.0.1:4569',
    region: 'us-east-1',
  },
  {
    name: 'in AWS, ap-northeast-1 (virtual-hosted, role credentials)',
    endpoint: undefined,
    region: 'ap-northeast-1',
  },
  { name: 'in AWS, us-east-1', endpoint: undefined, region: 'us-east-1' },
] as const;

const bucket = 'jucip-prod-evidencebucket-1a2b3c4d';
/** Keys here contain `/`; the rest is every character the SDK encodes differently from `encodeURI`. */
const key = "documents/01JPROJECT/01JDOC/report (final) 100%+ü!*'~ & co.pdf";
const now = new Date('2026-12-03T13:21:10.123Z');

const versionsPage = `<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<Name>${bucket}</Name><Prefix>${key.replace(/&/g, '&amp;')}</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>
<NextKeyMarker>${key.replace(/&/g, '&amp;')}</NextKeyMarker><NextVersionIdMarker>v3</NextVersionIdMarker>
<MaxKeys>3</MaxKeys><IsTruncated>true</IsTruncated>
<Version><Key>${key.replace(/&/g, '&amp;')}</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>"a"</ETag><Size>3</Size></Version>
<DeleteMarker><Key>${key.replace(/&/g, '&amp;')}</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest><LastModified>2026-12-02T10:00:00.000Z</LastModified></DeleteMarker>
<Version><Key>${key.replace(/&/g, '&amp;')}.bak</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest><LastModified>2026-12-01T11:00:00.000Z</LastModified><ETag>"b"</ETag><Size>4</Size></Version>
</ListVersionsResult>`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  // The role's credentials as Lambda hands them over: the default chain reads them from here.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  vi.stubEnv('AWS_SESSION_TOKEN', 'IQoJb3JpZ2luX2VjEXAMPLE//token+/=');
  vi.stubEnv('S3_ENDPOINT', '');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe.each(modes)('the lean S3 client sends what the SDK sends, $name', ({ endpoint, region }) => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', region);
  });

  /** Sends one operation both ways and compares what went out. */
  async function same(
    lean: (client: S3Client) => Promise<unknown>,
    sdk: (client: SdkS3Client) => Promise<unknown>,
    answer: Canned = {},
  ): Promise<Pair> {
    const pair = clients(endpoint);
    pair.leanRecorder.answer(answer);
    pair.sdkRecorder.answer(answer);
    await lean(pair.lean);
    await sdk(pair.sdk);
    expect(pair.leanRecorder.requests).toHaveLength(1);
    expect(wire(pair.leanRecorder.requests[0])).toEqual(wire(pair.sdkRecorder.requests[0]));
    expect(pair.leanRecorder.requests[0]?.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=\\w+/20261203/${region}/s3/aws4_request, `),
    );
    return pair;
  }

  it('GetObject, whole, of a version, and of a range', async () => {
    for (const options of [{}, { versionId: 'L4kqtJlcpXroDTDmpUMLUo' }, { range: 'bytes=-65536' }]) {
      await same(
        async (client) => (await getObject(client, bucket, key, options)).body.destroy(),
        (client) =>
          client.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: key,
              ...('versionId' in options ? { VersionId: options.versionId } : {}),
              ...('range' in options ? { Range: options.range } : {}),
            }),
          ),
      );
    }
  });

  it('PutObject of text (the workspace), of bytes with their length (release files) and empty', async () => {
    const json = JSON.stringify({ shard: 3, name: 'Ōita – 大分' });
    await same(
      (client) => putObject(client, bucket, key, json, { contentType: 'application/json' }),
      (client) =>
        client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: json, ContentType: 'application/json' }),
        ),
    );
    const bytes = new TextEncoder().encode('period,value\n2025-01,12.5\n');
    await same(
      (client) => putObject(client, bucket, key, bytes, { contentType: 'text/csv; charset=utf-8' }),
      (client) =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: 'text/csv; charset=utf-8',
            ContentLength: bytes.byteLength,
          }),
        ),
    );
    await same(
      (client) =>
        putObject(client, bucket, key, new Uint8Array(0), { contentType: 'application/octet-stream' }),
      (client) =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: new Uint8Array(0),
            ContentType: 'application/octet-stream',
          }),
        ),
    );
    await same(
      (client) => putObject(client, bucket, key, '', { contentType: 'application/x-ndjson' }),
      (client) =>
        client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: '', ContentType: 'application/x-ndjson' }),
        ),
    );
  });

  it('HeadObject and DeleteObject', async () => {
    await same(
      (client) => headObject(client, bucket, key),
      (client) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    await same(
      (client) => deleteObject(client, bucket, key),
      (client) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    );
  });

  it('a bucket whose name cannot be a host name is addressed path-style', async () => {
    for (const dotted of ['jucip.evidence.example', 'ab', 'Jucip-Evidence']) {
      await same(
        (client) => headObject(client, dotted, key),
        (client) => client.send(new HeadObjectCommand({ Bucket: dotted, Key: key })),
      );
    }
  });

  it('DeleteObjects, with the body checksum S3 requires', async () => {
    const objects = [
      { key, versionId: '3/L4kqtJlcpXroDTDmpUMLUo' },
      { key: 'documents/a&b<c>"d\'e', versionId: 'null' },
    ];
    const { leanRecorder } = await same(
      (client) => deleteObjects(client, bucket, objects, { quiet: true }),
      (client) =>
        client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: objects.map((o) => ({ Key: o.key, VersionId: o.versionId })), Quiet: true },
          }),
        ),
    );
    expect(leanRecorder.requests[0]?.headers).toMatchObject({ 'x-amz-sdk-checksum-algorithm': 'CRC32' });
  });

  it('ListObjects (v1) with and without a marker, and ListObjectVersions with and without markers', async () => {
    await same(
      (client) => listObjects(client, bucket, { prefix: 'releases/index/', maxKeys: 21 }),
      (client) =>
        client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: 'releases/index/', MaxKeys: 21 })),
    );
    await same(
      (client) =>
        listObjects(client, bucket, {
          prefix: 'releases/index/',
          maxKeys: 3,
          marker: 'releases/index/ZZ 9+',
        }),
      (client) =>
        client.send(
          new ListObjectsCommand({
            Bucket: bucket,
            Prefix: 'releases/index/',
            MaxKeys: 3,
            Marker: 'releases/index/ZZ 9+',
          }),
        ),
    );
    await same(
      (client) => listObjectVersions(client, bucket, { prefix: key }),
      (client) => client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key })),
    );
    await same(
      (client) =>
        listObjectVersions(client, bucket, { prefix: key, keyMarker: key, versionIdMarker: 'v/1+2' }),
      (client) =>
        client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: key,
            KeyMarker: key,
            VersionIdMarker: 'v/1+2',
          }),
        ),
    );
  });

  it('presigns GETs as getSignedUrl does (evidence downloads and release links)', async () => {
    const { lean, sdk } = clients(endpoint);
    const options = { bucket, versioned: true };
    const evidence = await new S3EvidenceDownloads(lean, options).signDownload(key, {
      fileName: 'Rapport « final » 2025.pdf',
      contentType: 'application/pdf',
      expiresInSeconds: 300,
    });
    expect(evidence).toBe(
      await getSignedUrl(
        sdk,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition:
            'attachment; filename="Rapport _ final _ 2025.pdf"; filename*=UTF-8\'\'Rapport%20%C2%AB%20final%20%C2%BB%202025.pdf',
          ResponseContentType: 'application/pdf',
        }),
        { expiresIn: 300 },
      ),
    );
    expect(evidence).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');

    const release = await new S3ReleaseStore(lean, bucket).link(
      '01JRUN0000000000000000000A',
      'indicators.csv.gz',
      900,
    );
    expect(release).toBe(
      await getSignedUrl(
        sdk,
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'releases/01JRUN0000000000000000000A/indicators.csv.gz',
          ResponseContentDisposition:
            'attachment; filename="jucip-01JRUN0000000000000000000A-indicators.csv.gz"; filename*=UTF-8\'\'jucip-01JRUN0000000000000000000A-indicators.csv.gz',
        }),
        { expiresIn: 900 },
      ),
    );
  });

  it('presigns the evidence upload form as createPresignedPost does', async () => {
    const { lean, sdk } = clients(endpoint);
    const terms = {
      key,
      contentType: 'application/pdf',
      sizeBytes: 123_456,
      sha256Base64: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
      expiresInSeconds: 600,
    };
    const form = await new S3EvidenceUploads(lean, { bucket, versioned: true }).signUpload(terms);

    expect(form).toEqual(
      await createPresignedPost(sdk, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['eq', '$Content-Type', terms.contentType],
          ['content-length-range', terms.sizeBytes, terms.sizeBytes],
          ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
          ['eq', '$x-amz-checksum-sha256', terms.sha256Base64],
        ],
        Fields: {
          'Content-Type': terms.contentType,
          'x-amz-checksum-algorithm': 'SHA256',
          'x-amz-checksum-sha256': terms.sha256Base64,
        },
        Expires: terms.expiresInSeconds,
      }),
    );
    // Field order is what a browser form sends; `file` must come after all of them.
    expect(Object.keys(form.fields)).toEqual(
      Object.keys(
        (
          await createPresignedPost(sdk, {
            Bucket: bucket,
            Key: key,
            Fields: {
              'Content-Type': terms.contentType,
              'x-amz-checksum-algorithm': 'SHA256',
              'x-amz-checksum-sha256': terms.sha256Base64,
            },
          })
        ).fields,
      ),
    );
  });

  it('presigns a form for a key ending in S3’s file-name placeholder with a starts-with condition, as the SDK does', async () => {
    const { lean, sdk } = clients(endpoint);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder.
    const withName = 'uploads/${filename}';
    expect(
      await presignPost(lean, bucket, withName, {
        conditions: [{ acl: 'private' }, { acl: 'private' }],
        expiresInSeconds: 60,
      }),
    ).toEqual(
      await createPresignedPost(sdk, {
        Bucket: bucket,
        Key: withName,
        Conditions: [{ acl: 'private' }, { acl: 'private' }],
        Expires: 60,
      }),
    );
  });
});

describe('the lean S3 client reads answers as the SDK reads them', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
  });

  it('keys in paths: each segment encoded as the SDK encodes it, the slashes kept', () => {
    expect(encodeKey("a b/c+d/e!'()*~/é%")).toBe('a%20b/c%2Bd/e%21%27%28%29%2A~/%C3%A9%25');
    expect(encodeKey('/lead//trail/')).toBe('/lead//trail/');
  });

  const listPage = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>${bucket}</Name><Prefix>releases/index/</Prefix><Marker>releases/index/A</Marker>
  <NextMarker>releases/index/C&amp;D</NextMarker><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
  <Contents><Key>releases/index/B</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>releases/index/C&amp;D</Key><LastModified>2026-11-30T09:08:07.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>42</Size><StorageClass>STANDARD</StorageClass></Contents>
</ListBucketResult>`;

  it('a truncated ListObjects page: its keys, dates, sizes and next marker', async () => {
    const { lean, sdk, leanRecorder, sdkRecorder } = clients(undefined);
    leanRecorder.answer({ body: listPage });
    sdkRecorder.answer({ body: listPage });

    const page = await listObjects(lean, bucket, { prefix: 'releases/index/', maxKeys: 2 });
    const expected = await sdk.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: 'releases/index/', MaxKeys: 2 }),
    );

    expect(page).toEqual({
      contents: (expected.Contents ?? []).map((object) => ({
        key: object.Key,
        lastModified: object.LastModified,
        size: object.Size,
        etag: object.ETag,
      })),
      isTruncated: expected.IsTruncated,
      nextMarker: expected.NextMarker,
    });
    expect(page.contents.map((object) => object.key)).toEqual(['releases/index/B', 'releases/index/C&D']);
    expect(page.nextMarker).toBe('releases/index/C&D');
  });

  it('a ListObjects page of one object, of none, and not truncated', () => {
    const one = parseObjectList(
      `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><Size>7</Size></Contents></ListBucketResult>`,
    );
    expect(one).toEqual({
      contents: [{ key: 'k', lastModified: new Date('2026-01-02T03:04:05.000Z'), size: 7, etag: undefined }],
      isTruncated: false,
      nextMarker: undefined,
    });
    expect(
      parseObjectList('<ListBucketResult>\n  <IsTruncated>false</IsTruncated>\n</ListBucketResult>'),
    ).toEqual({
      contents: [],
      isTruncated: false,
      nextMarker: undefined,
    });
  });

  it('a truncated ListObjectVersions page: versions, delete markers and both next markers', async () => {
    const { lean, sdk, leanRecorder, sdkRecorder } = clients(undefined);
    leanRecorder.answer({ body: versionsPage });
    sdkRecorder.answer({ body: versionsPage });

    const page = await listObjectVersions(lean, bucket, { prefix: key });
    const expected = await sdk.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    const version = (entry: ObjectVersion | DeleteMarkerEntry) => ({
      key: entry.Key,
      versionId: entry.VersionId,
      isLatest: entry.IsLatest,
      lastModified: entry.LastModified,
    });

    expect(page).toEqual({
      versions: (expected.Versions ?? []).map(version),
      deleteMarkers: (expected.DeleteMarkers ?? []).map(version),
      isTruncated: expected.IsTruncated,
      nextKeyMarker: expected.NextKeyMarker,
      nextVersionIdMarker: expected.NextVersionIdMarker,
    });
    expect(page.versions.map((v) => v.versionId)).toEqual(['v1', 'v3']);
    expect(page.deleteMarkers.map((v) => v.versionId)).toEqual(['v2']);
    expect(
      parseVersionList('<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>'),
    ).toEqual({
      versions: [],
      deleteMarkers: [],
      isTruncated: false,
      nextKeyMarker: undefined,
      nextVersionIdMarker: undefined,
    });
  });

  it('the keys DeleteObjects could not delete (it answers 200 all the same)', async () => {
    const answer = `<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>a</Key><VersionId>v1</VersionId></Deleted>
  <Error><Key>b&amp;c</Key><VersionId>v2</VersionId><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
  <Error><Key>d</Key><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>
</DeleteResult>`;
    const { lean, sdk, leanRecorder, sdkRecorder } = clients(undefined);
    leanRecorder.answer({ body: answer });
    sdkRecorder.answer({ body: answer });
    const objects = [{ key: 'a', versionId: 'v1' }, { key: 'b&c', versionId: 'v2' }, { key: 'd' }];

    const errors = await deleteObjects(lean, bucket, objects, { quiet: true });
    const expected = await sdk.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: objects.map((o) => ({ Key: o.key, VersionId: o.versionId })), Quiet: true },
      }),
    );

    expect(errors).toEqual(
      (expected.Errors ?? []).map((e) => ({
        key: e.Key,
        versionId: e.VersionId,
        code: e.Code,
        message: e.Message,
      })),
    );
    expect(errors.map((e) => e.code)).toEqual(['AccessDenied', 'InternalError']);
    expect(parseDeleteErrors('<DeleteResult></DeleteResult>')).toEqual([]);
    expect(deleteObjectsBody([{ key: 'k' }], false)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>k</Key></Object><Quiet>false</Quiet></Delete>',
    );
  });

  /** The error each client throws for the same answer. */
  async function errorsFor(
    answer: Canned,
    lean: (client: S3Client) => Promise<unknown>,
    sdk: (client: SdkS3Client) => Promise<unknown>,
  ): Promise<[AwsServiceError, Error & { $metadata: { httpStatusCode?: number } }]> {
    const pair = clients(undefined);
    pair.leanRecorder.answer(answer);
    pair.sdkRecorder.answer(answer);
    const leanError = await lean(pair.lean).catch((error: unknown) => error);
    const sdkError = await sdk(pair.sdk).catch((error: unknown) => error);
    expect(leanError).toBeInstanceOf(AwsServiceError);
    return [leanError as AwsServiceError, sdkError as Error & { $metadata: { httpStatusCode?: number } }];
  }

  const errorBody = (code: string, message: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>R</RequestId></Error>`;

  it.each([
    [
      'GetObject of a missing key',
      404,
      errorBody('NoSuchKey', 'The specified key does not exist.'),
      'NoSuchKey',
    ],
    [
      'GetObject of a missing version',
      404,
      errorBody('NoSuchVersion', 'The specified version does not exist.'),
      'NoSuchVersion',
    ],
    [
      'GetObject of a range past the end',
      416,
      errorBody('InvalidRange', 'The requested range is not satisfiable'),
      'InvalidRange',
    ],
    ['GetObject refused', 403, errorBody('AccessDenied', 'Access Denied'), 'AccessDenied'],
  ])('%s: the error is named by its code, as the SDK names it', async (_, statusCode, body, code) => {
    const [lean, sdk] = await errorsFor(
      { statusCode, body },
      (client) => getObject(client, bucket, key),
      (client) => client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    );
    expect({ name: lean.name, code: lean.code, status: lean.statusCode }).toEqual({
      name: sdk.name,
      code,
      status: sdk.$metadata.httpStatusCode,
    });
    expect(lean.message).toBe(sdk.message);
  });

  it('a HEAD 404 has no body: named NotFound, as the SDK names it', async () => {
    const [lean, sdk] = await errorsFor(
      { statusCode: 404 },
      (client) => headObject(client, bucket, key),
      (client) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    expect([lean.name, lean.statusCode]).toEqual([sdk.name, 404]);
    expect(lean.name).toBe('NotFound');
  });

  it.each([
    [412, 'PreconditionFailed'],
    [403, 'Forbidden'],
    [400, 'BadRequest'],
    [416, 'InvalidRange'],
    [409, 'Http409'],
  ])('a bodiless HEAD %i is named %s', async (statusCode, name) => {
    const { lean, leanRecorder } = clients(undefined);
    leanRecorder.answer({ statusCode });
    const error = await headObject(lean, bucket, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect([(error as AwsServiceError).name, (error as AwsServiceError).statusCode]).toEqual([
      name,
      statusCode,
    ]);
  });

  it('retries SlowDown and 5xx answers up to three attempts, as the SDK client did', async () => {
    const { lean, leanRecorder } = clients(undefined);
    leanRecorder.answer(
      { statusCode: 503, body: errorBody('SlowDown', 'Please reduce your request rate.') },
      { statusCode: 200, headers: { 'content-length': '1', etag: '"e"' } },
    );
    expect(await headObject(lean, bucket, key)).toMatchObject({ contentLength: 1, etag: '"e"' });
    expect(leanRecorder.requests).toHaveLength(2);

    const failing = clients(undefined);
    failing.leanRecorder.answer(
      ...Array.from({ length: 4 }, () => ({ statusCode: 500, body: errorBody('InternalError', 'oops') })),
    );
    const error = await deleteObject(failing.lean, bucket, key).catch((e: unknown) => e);
    expect([(error as AwsServiceError).code, failing.leanRecorder.requests.length]).toEqual([
      'InternalError',
      3,
    ]);

    const refused = clients(undefined);
    refused.leanRecorder.answer({ statusCode: 403, body: errorBody('AccessDenied', 'Access Denied') }, {});
    await expect(deleteObject(refused.lean, bucket, key)).rejects.toThrow(AwsServiceError);
    expect(refused.leanRecorder.requests).toHaveLength(1);
  });
});

describe('the adapters’ outcomes for S3 errors', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
  });

  it('a release file that is not there is absent; a range past its end is refused with its size', async () => {
    const { lean, leanRecorder } = clients(undefined);
    const store = new S3ReleaseStore(lean, bucket);
    leanRecorder.answer({ statusCode: 404, body: '<Error><Code>NoSuchKey</Code></Error>' });
    expect(
      await store.file('01JRUN0000000000000000000A', 'indicators.csv.gz', { maxBytes: 10 }),
    ).toBeUndefined();

    leanRecorder.answer(
      { statusCode: 416, body: '<Error><Code>InvalidRange</Code></Error>' },
      { statusCode: 200, headers: { 'content-length': '1234' } },
    );
    const refused = await store
      .file('01JRUN0000000000000000000A', 'indicators.csv.gz', {
        range: { kind: 'from', start: 5000 },
        maxBytes: 10,
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RangeNotSatisfiableError);
    expect(leanRecorder.requests.map((r) => [r.method, r.headers.range])).toEqual([
      ['GET', undefined],
      ['GET', 'bytes=5000-'],
      ['HEAD', undefined],
    ]);
  });

  it('a release file larger than allowed is not read; a range is served with its place in the file', async () => {
    const { lean, leanRecorder } = clients(undefined);
    const store = new S3ReleaseStore(lean, bucket);
    leanRecorder.answer(
      { statusCode: 200, headers: { 'content-length': '11' }, body: 'hello world' },
      {
        statusCode: 206,
        headers: {
          'content-length': '5',
          'content-range': 'bytes 6-10/11',
          etag: '"e"',
          'content-type': 'text/csv',
        },
        body: 'world',
      },
    );
    expect(await store.file('01JRUN0000000000000000000A', 'indicators.csv.gz', { maxBytes: 10 })).toEqual({
      kind: 'too_large',
      sizeBytes: 11,
    });
    const served = await store.file('01JRUN0000000000000000000A', 'indicators.csv.gz', {
      range: { kind: 'suffix', length: 5 },
      maxBytes: 10,
    });
    expect(served).toEqual({
      kind: 'bytes',
      body: new TextEncoder().encode('world'),
      sizeBytes: 11,
      etag: '"e"',
      contentType: 'text/csv',
      range: { start: 6, end: 10 },
    });
  });

  it('the arrival check finds a missing version absent, and deletes every version of only its key', async () => {
    const { lean, leanRecorder } = clients(undefined);
    const inspection = new S3EvidenceInspection(lean, { bucket, versioned: true });
    leanRecorder.answer({ statusCode: 404, body: '<Error><Code>NoSuchVersion</Code></Error>' });
    expect(await inspection.inspect(key, { versionId: 'gone', maxBytes: 10 })).toBeUndefined();

    leanRecorder.answer(
      { body: versionsPage },
      {},
      {
        body: versionsPage.replace('<IsTruncated>true</IsTruncated>', '<IsTruncated>false</IsTruncated>'),
      },
      {},
    );
    await inspection.deleteAllVersions(key);
    const [, firstList, firstDelete, secondList] = leanRecorder.requests;
    expect(firstList?.query).toMatchObject({ versions: '', prefix: key });
    expect(secondList?.query).toMatchObject({ 'key-marker': key, 'version-id-marker': 'v3' });
    expect(Buffer.from(firstDelete?.body as string).toString()).toBe(
      deleteObjectsBody(
        [
          { key, versionId: 'v1' },
          { key, versionId: 'v2' },
        ],
        true,
      ),
    );

    const refused = clients(undefined);
    refused.leanRecorder.answer(
      { body: versionsPage },
      { body: '<DeleteResult><Error><Key>k</Key><Code>AccessDenied</Code></Error></DeleteResult>' },
    );
    await expect(
      new S3EvidenceInspection(refused.lean, { bucket, versioned: true }).deleteAllVersions(key),
    ).rejects.toThrow(/AccessDenied/);
  });
});
