/**
 * A lean S3 client: the few operations the adapters use, signed and sent by `AwsService` rather than
 * by `@aws-sdk/client-s3`, whose schemas of every S3 operation weigh ~136 KB in each bundle that
 * touches S3 (`docs/aws-calls.md`). Each request is the one the SDK's client sends, header for
 * header and signature for signature (`test/unit/adapters/aws/s3-requests.test.ts` builds both);
 * XML is read with the SDK's own parser and written with its own builder (`@aws-sdk/xml-builder`):
 * the parser the SDK reads S3's answers with, already in every bundle through `@aws-sdk/core`, where
 * `fast-xml-parser` would add ~64 KB minified to each.
 *
 * `S3_ENDPOINT` points it at the local S3-compatible server (s3rver), which wants path-style URLs
 * and its own fixed credentials; in AWS it addresses `<bucket>.s3.<region>.amazonaws.com` with the
 * function's role.
 */
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { parseXML, XmlNode } from '@aws-sdk/xml-builder';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import {
  type AwsRequest,
  type AwsRequestHandler,
  type AwsResponse,
  AwsService,
} from '../aws/signed-request.ts';

/** The access key s3rver accepts (its built-in account); not a secret, and useless against AWS. */
export const localS3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3ClientOptions {
  /** A local S3-compatible server, addressed path-style; default AWS, virtual-hosted style. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly maxAttempts?: number;
  /** What sends the signed requests (tests record them); default the SDK's Node handler. */
  readonly requestHandler?: AwsRequestHandler;
}

/** An object's body, to read or to `destroy()`, with the headers the adapters use. */
export interface S3ObjectStream {
  readonly body: Readable;
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  /** `bytes 0-99/1234` when a range was asked. */
  readonly contentRange: string | undefined;
  readonly etag: string | undefined;
}

export interface S3ObjectHead {
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  readonly etag: string | undefined;
}

export interface S3ListedObject {
  readonly key: string;
  readonly lastModified: Date | undefined;
  readonly size: number | undefined;
  readonly etag: string | undefined;
}

export interface S3ObjectList {
  readonly contents: readonly S3ListedObject[];
  readonly isTruncated: boolean;
  readonly nextMarker: string | undefined;
}

export interface S3ObjectVersion {
  readonly key: string;
  readonly versionId: string | undefined;
  readonly isLatest: boolean;
  readonly lastModified: Date | undefined;
}

export interface S3VersionList {
  readonly versions: readonly S3ObjectVersion[];
  readonly deleteMarkers: readonly S3ObjectVersion[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker: string | undefined;
  readonly nextVersionIdMarker: string | undefined;
}

export interface S3DeleteError {
  readonly key: string | undefined;
  readonly versionId: string | undefined;
  readonly code: string | undefined;
  readonly message: string | undefined;
}

/** A browser upload form: where to POST and the fields to send before the file. */
export interface S3PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
}

/** A POST policy condition (`["eq", "$Content-Type", "text/csv"]`, `{"acl": "private"}`…). */
export type S3PostCondition = readonly [string, string | number, string | number] | Record<string, string>;

const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';
const unsignedPayload = 'UNSIGNED-PAYLOAD';
/** A POST key ending in it takes the uploaded file's name (the SDK then writes a `starts-with` condition). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder, not a template.
const fileNamePlaceholder = '${filename}';

/** Names for errors that come without a body (HEAD requests), as the SDK names a HEAD 404. */
const statusNames: Readonly<Record<number, string>> = {
  304: 'NotModified',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
  416: 'InvalidRange',
};

/** The SDK's URI encoding of a label (`extendedEncodeURIComponent`): RFC 3986 unreserved kept. */
function encodeLabel(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An object key in a path: each segment encoded, the `/` between them kept (the SDK's `Key+`). */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeLabel).join('/');
}

/**
 * Whether a bucket can be a host name label (the SDK's `isVirtualHostableS3Bucket`): 3–63 lower-case
 * letters, digits and inner hyphens. No dots, so no IP address either.
 */
function isVirtualHostable(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
}

/** An XML document as the SDK reads it: the root element's content (`parseXmlBody`). */
export function parseXmlDocument(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = parseXML(text) as Record<string, unknown>;
  const root = parsed[Object.keys(parsed)[0] as string];
  return typeof root === 'object' && root !== null ? (root as Record<string, unknown>) : {};
}

/** A repeated element: absent, one, or several. */
function asArray(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function date(value: unknown): Date | undefined {
  return typeof value === 'string' ? new Date(value) : undefined;
}

function number(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

/**
 * The code and message of an S3 error answer: `<Error><Code>` when there is a body, a name for the
 * status when there is none (HEAD) — the error's `name` the adapters test, as the SDK's was.
 */
export function s3ErrorOf(response: AwsResponse): { code?: string; message?: string } {
  let document: Record<string, unknown> = {};
  try {
    document = parseXmlDocument(response.body.toString('utf8'));
  } catch {
    // Not XML (a proxy's page): named by its status.
  }
  const error = (document.Error ?? document) as Record<string, unknown>;
  const code = text(error.Code) ?? statusNames[response.statusCode];
  const message = text(error.Message);
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

/** The parsed answer of `ListObjects` (v1). */
export function parseObjectList(xml: string): S3ObjectList {
  const result = parseXmlDocument(xml);
  return {
    contents: asArray(result.Contents).map((object) => ({
      key: text(object.Key) ?? '',
      lastModified: date(object.LastModified),
      size: number(text(object.Size)),
      etag: text(object.ETag),
    })),
    isTruncated: result.IsTruncated === 'true',
    nextMarker: text(result.NextMarker),
  };
}

/** The parsed answer of `ListObjectVersions`. */
export function parseVersionList(xml: string): S3VersionList {
  const result = parseXmlDocument(xml);
  const version = (entry: Record<string, unknown>): S3ObjectVersion => ({
    key: text(entry.Key) ?? '',
    versionId: text(entry.VersionId),
    isLatest: entry.IsLatest === 'true',
    lastModified: date(entry.LastModified),
  });
  return {
    versions: asArray(result.Version).map(version),
    deleteMarkers: asArray(result.DeleteMarker).map(version),
    isTruncated: result.IsTruncated === 'true',
    nextKeyMarker: text(result.NextKeyMarker),
    nextVersionIdMarker: text(result.NextVersionIdMarker),
  };
}

/** The per-object failures of a `DeleteObjects` answer (200 even when some keys failed). */
export function parseDeleteErrors(xml: string): S3DeleteError[] {
  return asArray(parseXmlDocument(xml).Error).map((error) => ({
    key: text(error.Key),
    versionId: text(error.VersionId),
    code: text(error.Code),
    message: text(error.Message),
  }));
}

/** The body of `DeleteObjects`, byte for byte as the SDK serializes it. */
export function deleteObjectsBody(
  objects: readonly { readonly key: string; readonly versionId?: string | undefined }[],
  quiet: boolean,
): string {
  const root = new XmlNode('Delete').addAttribute('xmlns', s3Namespace);
  for (const object of objects) {
    const node = new XmlNode('Object').addChildNode(XmlNode.of('Key', object.key));
    if (object.versionId !== undefined) node.addChildNode(XmlNode.of('VersionId', object.versionId));
    root.addChildNode(node);
  }
  root.addChildNode(XmlNode.of('Quiet', String(quiet)));
  return `<?xml version="1.0" encoding="UTF-8"?>${root.toString()}`;
}

/** The CRC32 checksum S3 takes in `x-amz-checksum-crc32`: big-endian, base64. */
function crc32Base64(body: string): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(body) >>> 0);
  return bytes.toString('base64');
}

const iso8601 = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function headerNumber(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  return number(headers[name]);
}

/**
 * Where and how S3 requests go: the signing service and the addressing style. The operations are
 * functions of it below rather than methods, so that a bundle keeps only those its function calls.
 */
export class S3Client {
  readonly service: AwsService;
  private readonly pathStyle: boolean;

  constructor(options: S3ClientOptions = {}) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.pathStyle = options.endpoint !== undefined;
    this.service = new AwsService({
      service: 's3',
      region,
      endpoint: options.endpoint ?? `https://s3.${region}.amazonaws.com`,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: options.maxAttempts ?? 3,
      // S3 signs the path as sent; keys are encoded once (`encodeKey`).
      uriEscapePath: false,
      errorOf: s3ErrorOf,
      ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
    });
  }

  /** The region requests are signed for. */
  get region(): string {
    return this.service.region;
  }

  /** Host and path of a bucket (`key` absent) or of an object. */
  address(bucket: string, key?: string): Pick<AwsRequest, 'path' | 'hostPrefix'> {
    const path = key === undefined ? '/' : `/${encodeKey(key)}`;
    if (!this.pathStyle && isVirtualHostable(bucket)) return { path, hostPrefix: `${bucket}.` };
    return { path: `/${bucket}${path}` };
  }
}

/** GetObject: the body is left to read, so that a large object is read in part or in bounded memory. */
export async function getObject(
  client: S3Client,
  bucket: string,
  key: string,
  options: { readonly versionId?: string | undefined; readonly range?: string | undefined } = {},
): Promise<S3ObjectStream> {
  const { headers, body } = await client.service.stream({
    method: 'GET',
    ...client.address(bucket, key),
    query: { 'x-id': 'GetObject', versionId: options.versionId },
    ...(options.range ? { headers: { range: options.range } } : {}),
  });
  return {
    body,
    contentType: headers['content-type'],
    contentLength: headerNumber(headers, 'content-length'),
    contentRange: headers['content-range'],
    etag: headers.etag,
  };
}

/** PutObject of a body held in memory (its SHA-256 is signed, as the SDK does). */
export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: string | Uint8Array,
  options: { readonly contentType: string },
): Promise<void> {
  await client.service.send({
    method: 'PUT',
    ...client.address(bucket, key),
    query: { 'x-id': 'PutObject' },
    headers: { 'content-type': options.contentType },
    body,
  });
}

export async function headObject(client: S3Client, bucket: string, key: string): Promise<S3ObjectHead> {
  const { headers } = await client.service.send({ method: 'HEAD', ...client.address(bucket, key) });
  return {
    contentType: headers['content-type'],
    contentLength: headerNumber(headers, 'content-length'),
    etag: headers.etag,
  };
}

export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  await client.service.send({
    method: 'DELETE',
    ...client.address(bucket, key),
    query: { 'x-id': 'DeleteObject' },
  });
}

/**
 * DeleteObjects (up to 1,000 keys). S3 requires a checksum of the body; this is the SDK's default,
 * CRC32. Answers the keys S3 could not delete.
 */
export async function deleteObjects(
  client: S3Client,
  bucket: string,
  objects: readonly { readonly key: string; readonly versionId?: string | undefined }[],
  options: { readonly quiet: boolean },
): Promise<S3DeleteError[]> {
  const body = deleteObjectsBody(objects, options.quiet);
  const response = await client.service.send({
    method: 'POST',
    ...client.address(bucket),
    query: { delete: '' },
    headers: {
      'content-type': 'application/xml',
      'x-amz-sdk-checksum-algorithm': 'CRC32',
      'x-amz-checksum-crc32': crc32Base64(body),
    },
    body,
  });
  return parseDeleteErrors(response.body.toString('utf8'));
}

/** ListObjects (v1, paged by `marker`). */
export async function listObjects(
  client: S3Client,
  bucket: string,
  options: { readonly prefix?: string; readonly maxKeys?: number; readonly marker?: string | undefined },
): Promise<S3ObjectList> {
  const response = await client.service.send({
    method: 'GET',
    ...client.address(bucket),
    query: {
      prefix: options.prefix,
      'max-keys': options.maxKeys === undefined ? undefined : String(options.maxKeys),
      marker: options.marker,
    },
  });
  return parseObjectList(response.body.toString('utf8'));
}

export async function listObjectVersions(
  client: S3Client,
  bucket: string,
  options: {
    readonly prefix?: string;
    readonly keyMarker?: string | undefined;
    readonly versionIdMarker?: string | undefined;
  },
): Promise<S3VersionList> {
  const response = await client.service.send({
    method: 'GET',
    ...client.address(bucket),
    query: {
      versions: '',
      prefix: options.prefix,
      'key-marker': options.keyMarker,
      'version-id-marker': options.versionIdMarker,
    },
  });
  return parseVersionList(response.body.toString('utf8'));
}

/** A presigned GetObject URL, as `getSignedUrl` makes it (the payload unsigned). */
export async function presignGetObject(
  client: S3Client,
  bucket: string,
  key: string,
  options: {
    readonly expiresInSeconds: number;
    readonly responseContentDisposition?: string;
    readonly responseContentType?: string;
  },
): Promise<string> {
  return client.service.presign(
    {
      method: 'GET',
      ...client.address(bucket, key),
      query: {
        'x-id': 'GetObject',
        'response-content-disposition': options.responseContentDisposition,
        'response-content-type': options.responseContentType,
      },
      // Spelled as the SDK's presigner spells it: the signer moves it to the query under this name.
      headers: { 'X-Amz-Content-Sha256': unsignedPayload },
    },
    options.expiresInSeconds,
  );
}

/**
 * A browser POST upload form, as `createPresignedPost` makes it: the given conditions, then one
 * `eq` condition per field (the given fields and the signing ones), then the key; the policy
 * signed with the key of today's scope.
 */
export async function presignPost(
  client: S3Client,
  bucket: string,
  key: string,
  options: {
    readonly conditions?: readonly S3PostCondition[];
    readonly fields?: Readonly<Record<string, string>>;
    readonly expiresInSeconds: number;
  },
): Promise<S3PresignedPost> {
  const now = new Date();
  const signingDate = iso8601(now).replace(/[-:]/g, '');
  const credentials = await client.service.credentials();
  const fields: Record<string, string> = {
    ...options.fields,
    bucket,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${signingDate.slice(0, 8)}/${client.region}/s3/aws4_request`,
    'X-Amz-Date': signingDate,
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
  };
  // A set of their JSON texts, so that a condition given twice is written once.
  const conditions = new Set<string>((options.conditions ?? []).map((c) => JSON.stringify(c)));
  for (const [name, value] of Object.entries(fields)) conditions.add(JSON.stringify({ [name]: value }));
  conditions.add(
    JSON.stringify(
      key.endsWith(fileNamePlaceholder)
        ? ['starts-with', '$key', key.slice(0, key.lastIndexOf(fileNamePlaceholder))]
        : { key },
    ),
  );
  const policy = Buffer.from(
    JSON.stringify({
      expiration: iso8601(new Date(now.valueOf() + options.expiresInSeconds * 1000)),
      conditions: [...conditions].map((condition) => JSON.parse(condition) as unknown),
    }),
    'utf8',
  ).toString('base64');
  const endpoint = client.service.endpoint;
  const base = endpoint.pathname.replace(/\/$/, '');
  const { path, hostPrefix = '' } = client.address(bucket);
  // The SDK's form action: `https://<bucket>.s3…/` virtual-hosted, `<endpoint>/<bucket>` path-style.
  const url = `${endpoint.protocol}//${hostPrefix}${endpoint.host}${base}${hostPrefix ? path : path.replace(/\/$/, '')}`;
  return {
    url,
    fields: {
      ...fields,
      key,
      Policy: policy,
      'X-Amz-Signature': await client.service.signString(policy, now),
    },
  };
}

/**
 * A client for S3, or for the local server when `endpoint` is given. `options` are for tests (a
 * recording request handler).
 */
export function createS3Client(
  endpoint = process.env.S3_ENDPOINT,
  options: Pick<S3ClientOptions, 'requestHandler'> = {},
): S3Client {
  return new S3Client({
    ...(endpoint
      ? { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: localS3Credentials }
      : {}),
    ...options,
  });
}
