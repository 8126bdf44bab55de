/**
 * AWS services as `AwsService` (`shared/adapters/aws/signed-request.ts`) reaches them, answered in
 * the test: the Node HTTP handler's `handle` is replaced for requests to `*.amazonaws.com` (or
 * those a test picks), so the adapters build, sign and retry their requests for real and nothing
 * leaves the process. Other requests (to a DynamoDB Local, a closed port) go to the real handler.
 */
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import { type MockInstance, vi } from 'vitest';

/** One request as it went on the wire (after signing). Header names are lower case. */
export interface SentRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A service's answer: `body` given as an object is sent as JSON. */
export interface CannedResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | object;
}

/** The request with its headers' names lower-cased and its body as bytes. */
export function sentRequest(request: HttpRequest): SentRequest {
  const body = request.body as string | Uint8Array | undefined;
  return {
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    port: request.port,
    path: request.path,
    query: { ...request.query },
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(body),
  };
}

/** The response as a Node HTTP handler hands it over, with a fresh body stream. */
export function httpResponse(canned: CannedResponse): { response: HttpResponse } {
  const body =
    canned.body === undefined
      ? ''
      : typeof canned.body === 'string'
        ? canned.body
        : JSON.stringify(canned.body);
  const headers: Record<string, string> = {
    ...(typeof canned.body === 'object' ? { 'content-type': 'application/json' } : {}),
    ...canned.headers,
  };
  return {
    response: {
      statusCode: canned.statusCode,
      headers,
      body: Readable.from([Buffer.from(body)]),
    } as HttpResponse,
  };
}

/** What a service answers to one request. */
export type Responder = (request: SentRequest) => CannedResponse;

/** The awsJson operation a request names (`AWSStepFunctions.StartExecution` → `StartExecution`). */
export function targetOf(request: SentRequest): string | undefined {
  return request.headers['x-amz-target']?.split('.').at(-1);
}

/** A request's JSON body. */
export function jsonOf(request: SentRequest): unknown {
  return JSON.parse(request.body.toString('utf8'));
}

/**
 * Answers the requests it intercepts with `responder` until `restore`; each is kept in
 * `requests`. Installs fake environment credentials when none are set, so that the SDK's credential
 * chain stops at the environment instead of asking an instance metadata service.
 */
export class FakeAwsHttp {
  readonly requests: SentRequest[] = [];

  /** `intercepts` picks the requests answered here (default: those to `*.amazonaws.com`). */
  constructor(
    private readonly intercepts: (request: HttpRequest) => boolean = (request) =>
      request.hostname.endsWith('.amazonaws.com'),
  ) {}

  private responder: Responder = () => ({ statusCode: 200, body: {} });
  private spy: MockInstance | undefined;
  private readonly setEnvironment: string[] = [];

  install(): this {
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', 'AKIDUNITTEST'],
      ['AWS_SECRET_ACCESS_KEY', 'unit-test-secret'],
    ] as const) {
      if (process.env[name] === undefined) {
        process.env[name] = value;
        this.setEnvironment.push(name);
      }
    }
    const original = NodeHttpHandler.prototype.handle;
    const requests = this.requests;
    const answer = (request: SentRequest) => this.responder(request);
    const intercepts = this.intercepts;
    this.spy = vi.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(async function (
      this: NodeHttpHandler,
      request,
      options,
    ) {
      if (!intercepts(request)) return original.call(this, request, options);
      const sent = sentRequest(request);
      requests.push(sent);
      return httpResponse(answer(sent));
    });
    return this;
  }

  /** Answers every following request with `responder` (or always the same response). */
  answer(responder: Responder | CannedResponse): void {
    this.responder = typeof responder === 'function' ? responder : () => responder;
  }

  /** Forgets the requests so far and answers `200 {}` again. */
  reset(): void {
    this.requests.length = 0;
    this.responder = () => ({ statusCode: 200, body: {} });
  }

  restore(): void {
    this.spy?.mockRestore();
    for (const name of this.setEnvironment.splice(0)) delete process.env[name];
  }
}
