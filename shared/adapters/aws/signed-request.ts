/**
 * Signed requests to AWS services without a service client. Each generated client
 * (`@aws-sdk/client-s3`, `-lambda`, `-sesv2`…) ships the schemas and error classes of every
 * operation of its service, 60–140 KB per bundle, while a function calls one or two of them; every
 * byte is compiled at each cold start (`docs/performance.md`). The pieces that matter are the
 * SDK's own and already in every bundle through the DynamoDB client: Signature V4
 * (`@smithy/signature-v4`), the credential chain (`@aws-sdk/credential-provider-node`) and the
 * Node HTTP handler (`@smithy/node-http-handler`). An adapter states its operation's method, path,
 * headers and body; the tests check each against what the SDK's client would send
 * (`test/unit/adapters/aws/*`).
 */
import type { Readable } from 'node:stream';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
// The SHA-256 the DynamoDB client signs with, so that no second implementation is bundled.
import { Sha256 } from '@smithy/core/checksum';
import { buildQueryString } from '@smithy/core/protocols';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  HttpResponse as SmithyHttpResponse,
} from '@smithy/types';

/** What sends a signed request: the part of the SDK's request handler interface that is used. */
export interface AwsRequestHandler {
  handle(request: HttpRequest): Promise<{ response: SmithyHttpResponse }>;
}

/** One request to a service, before signing. `path` is already URI-encoded. */
export interface AwsRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /**
   * Put before the endpoint's host name for this request (the SDK's `hostPrefix`): S3's
   * virtual-hosted style addresses a bucket as `<bucket>.s3.<region>.amazonaws.com`.
   */
  readonly hostPrefix?: string;
}

/** A service's answer, its body read whole. Header names are lower case. */
export interface AwsResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A service's answer with its body still to read (a large object, read in part or in bounded memory). */
export interface AwsStreamingResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Read it or `destroy()` it: an unread body holds its connection. */
  readonly body: Readable;
}

/** A service answered with an error status (after retries, for those retried). */
export class AwsServiceError extends Error {
  override readonly name: string;
  constructor(
    /** The service's error code (`NoSuchKey`, `ThrottlingException`…), or `Http<status>` when it sent none. */
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }

  /**
   * The status where the SDK's errors keep it, so that code judging any AWS failure by it
   * (`shared/adapters/dynamodb/errors.ts`: a 5xx is "not now", answered 503) judges these alike.
   */
  get $metadata(): { readonly httpStatusCode: number } {
    return { httpStatusCode: this.statusCode };
  }
}

export interface AwsServiceOptions {
  /** The signing name (`s3`, `lambda`, `ses`, `states`, `cognito-idp`, `apigateway`). */
  readonly service: string;
  /** The endpoint's host prefix when it differs from the signing name (`email` for SES, `apigateway`). */
  readonly endpointPrefix?: string;
  readonly region?: string;
  /** A full endpoint URL (a local server); default `https://<prefix>.<region>.amazonaws.com`. */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts for a throttled, failed (5xx) or unreachable request; default 3, as the clients had. */
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Whether the path is URI-encoded a second time when signing: yes for every service but S3. */
  readonly uriEscapePath?: boolean;
  /**
   * The error code and message of an error response, for a service whose errors the generic reading
   * (`errorCodeOf`) does not name well (S3's HEAD errors have no body); a field left out falls back
   * to the generic reading.
   */
  readonly errorOf?: (response: AwsResponse) => { readonly code?: string; readonly message?: string };
  /**
   * What sends the signed request; default the SDK's Node handler with the timeouts above. Tests
   * put a recorder here to compare the signed request with the SDK client's.
   */
  readonly requestHandler?: AwsRequestHandler;
}

const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** Network errors worth another attempt (the SDK's transient and network sets). */
const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Answers the SDK retries as transient: these statuses (not a 501 or 505) and these codes. */
const transientStatuses = new Set([500, 502, 503, 504]);
const transientCodes = new Set(['RequestTimeout', 'RequestTimeoutException']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error code a JSON or XML error body names, if any. */
export function errorCodeOf(response: AwsResponse): string | undefined {
  const header = response.headers['x-amzn-errortype'];
  if (header) return header.split(':')[0];
  const text = response.body.toString('utf8');
  const xml = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  if (xml) return xml;
  try {
    const json = JSON.parse(text) as { __type?: string; code?: string; Code?: string };
    const code = json.__type ?? json.code ?? json.Code;
    return code ? (code.split('#').at(-1)?.split(':')[0] ?? code) : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(response: AwsResponse): string {
  const text = response.body.toString('utf8');
  const xml = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  if (xml) return xml;
  try {
    const json = JSON.parse(text) as { message?: string; Message?: string };
    return json.message ?? json.Message ?? `HTTP ${response.statusCode}`;
  } catch {
    return `HTTP ${response.statusCode}`;
  }
}

/** A client for one AWS service: signs, sends and retries requests an adapter builds. */
export class AwsService {
  private readonly signer: SignatureV4;
  private readonly handler: AwsRequestHandler;
  private readonly url: URL;
  private readonly maxAttempts: number;
  private readonly credentialProvider: AwsCredentialIdentityProvider;
  private readonly errorOf: AwsServiceOptions['errorOf'];
  /** The region requests are signed for. */
  readonly region: string;

  constructor(options: AwsServiceOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.region = region;
    this.url = new URL(
      options.endpoint ?? `https://${options.endpointPrefix ?? options.service}.${region}.amazonaws.com`,
    );
    const credentials = options.credentials ?? defaultProvider();
    this.credentialProvider = typeof credentials === 'function' ? credentials : async () => credentials;
    this.signer = new SignatureV4({
      service: options.service,
      region,
      credentials: this.credentialProvider,
      sha256: Sha256,
      uriEscapePath: options.uriEscapePath ?? true,
    });
    this.handler =
      options.requestHandler ??
      new NodeHttpHandler({
        connectionTimeout: options.connectionTimeoutMs ?? 1_000,
        requestTimeout: options.requestTimeoutMs ?? 30_000,
      });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.errorOf = options.errorOf;
  }

  /** The request as the HTTP layer takes it, before signing. */
  private httpRequest(request: AwsRequest): HttpRequest {
    const basePath = this.url.pathname.replace(/\/$/, '');
    const body = request.body;
    const hostPrefix = request.hostPrefix ?? '';
    return new HttpRequest({
      protocol: this.url.protocol,
      hostname: `${hostPrefix}${this.url.hostname}`,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      method: request.method,
      path: `${basePath}${request.path}`,
      query: Object.fromEntries(
        Object.entries(request.query ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
      headers: {
        host: `${hostPrefix}${this.url.host}`,
        // As the SDK's content-length middleware: an empty string is no body, an empty array is one.
        ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        ...request.headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
  }

  /** Signs and sends a request; answers 2xx and 3xx responses, throws `AwsServiceError` for the rest. */
  async send(request: AwsRequest): Promise<AwsResponse> {
    const response = await this.stream(request);
    return { statusCode: response.statusCode, headers: response.headers, body: await readAll(response.body) };
  }

  /**
   * `send`, but the body of a 2xx or 3xx answer is left to the caller to read. Retries happen only
   * before the answer's status is known, as the SDK's do for a streamed body.
   */
  async stream(request: AwsRequest): Promise<AwsStreamingResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: AwsStreamingResponse;
      try {
        response = await this.sendOnce(request);
      } catch (error) {
        const code = (error as { code?: string; name?: string }).code ?? (error as Error).name;
        const transient = transientNetworkCodes.has(code) || code === 'TimeoutError';
        if (!transient || attempt >= this.maxAttempts) throw error;
        await sleep(backoffMs(attempt, false));
        continue;
      }
      if (response.statusCode < 400) return response;
      const whole: AwsResponse = { ...response, body: await readAll(response.body) };
      const named = this.errorOf?.(whole);
      const code = named?.code ?? errorCodeOf(whole) ?? `Http${whole.statusCode}`;
      const throttled = whole.statusCode === 429 || throttlingCodes.has(code);
      const retryable = throttled || transientStatuses.has(whole.statusCode) || transientCodes.has(code);
      if (!retryable || attempt >= this.maxAttempts) {
        throw new AwsServiceError(code, whole.statusCode, named?.message ?? messageOf(whole));
      }
      await sleep(backoffMs(attempt, throttled));
    }
  }

  private async sendOnce(request: AwsRequest): Promise<AwsStreamingResponse> {
    const signed = await this.signer.sign(this.httpRequest(request));
    const { response } = await this.handler.handle(signed as HttpRequest);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = String(value);
    return { statusCode: response.statusCode, headers, body: response.body as Readable };
  }

  /** A presigned URL for the request, valid for `expiresInSeconds` (query signing; the body is not signed). */
  async presign(request: AwsRequest, expiresInSeconds: number, signingDate?: Date): Promise<string> {
    const presigned = await this.signer.presign(this.httpRequest(request), {
      expiresIn: expiresInSeconds,
      ...(signingDate ? { signingDate } : {}),
    });
    const port = presigned.port ? `:${presigned.port}` : '';
    return `${presigned.protocol}//${presigned.hostname}${port}${presigned.path}?${buildQueryString(presigned.query ?? {})}`;
  }

  /**
   * The Signature V4 signature of a string (for S3's browser POST policy): HMAC-SHA256 with the
   * signing key of `date`, this client's region and service.
   */
  async signString(stringToSign: string, date: Date): Promise<string> {
    return this.signer.sign(stringToSign, { signingDate: date });
  }

  /** The credentials requests are signed with (S3's POST policy names the access key). */
  async credentials(): Promise<AwsCredentialIdentity> {
    return this.credentialProvider();
  }

  /** Where requests go (an adapter that builds URLs itself, e.g. the POST upload form's action). */
  get endpoint(): URL {
    return new URL(this.url.href);
  }
}

/** A body read to its end (an absent one as empty). */
async function readAll(body: Readable | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (body && typeof body[Symbol.asyncIterator] === 'function') {
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/**
 * Full-jitter exponential backoff from the SDK's bases: up to 50 ms, 100 ms, 200 ms… after a
 * failure, 1 s, 2 s, 4 s… after throttling; capped at 20 s.
 */
function backoffMs(attempt: number, throttled: boolean): number {
  return Math.random() * Math.min(20_000, (throttled ? 1_000 : 50) * 2 ** (attempt - 1));
}
