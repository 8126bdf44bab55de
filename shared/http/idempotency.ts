/**
 * `Idempotency-Key` for HTTP writes, on Powertools idempotency (DynamoDB persistence). The key is
 * scoped to the caller and the route; the body is validated by hash, so the same key with another
 * body is refused (422). A duplicate arriving while the first request still runs waits a little for
 * it to finish and then replays its response; if it is still running after that, 409.
 *
 * The first response is kept in one DynamoDB item, which holds at most 400 KB: a large body (a
 * 5,000-row import result is about 530 KB of JSON) is kept gzip-compressed, and unpacked on replay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoClient } from '../adapters/dynamodb/document-client.ts';
import { tableName } from '../config/env.ts';
import { ConflictError, MalformedInputError, ValidationError } from '../domain/errors.ts';
import type { RouteHandler, RouteRequest } from './handler.ts';
import { principalOf } from './principal.ts';
import type { HttpResponse } from './response.ts';

/** How long a duplicate waits for the first request before answering 409. */
const inProgressWaitMs = 8_000;
const inProgressPollMs = 100;

interface IdempotencyInput {
  readonly key: string;
  readonly caller: string;
  readonly route: string;
  /** The parsed body (or the raw text of a non-JSON body); Powertools hashes it key-order-independently. */
  readonly body: unknown;
}

let persistenceStore: DynamoDBPersistenceLayer | undefined;

function store(): DynamoDBPersistenceLayer {
  persistenceStore ??= new DynamoDBPersistenceLayer({
    tableName: tableName('idempotency'),
    awsSdkV3Client: dynamoClient,
  });
  return persistenceStore;
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** Bodies longer than this are kept compressed (below it, compressing saves too little to matter). */
const compressAboveChars = 32 * 1024;

/** A response as the idempotency record keeps it: a large body as base64 gzip in `gzippedBody`. */
type StoredResponse = HttpResponse & { readonly gzippedBody?: string };

/** The response to keep in the idempotency record. */
export function toStoredResponse(response: HttpResponse): StoredResponse {
  if (typeof response.body !== 'string' || response.body.length <= compressAboveChars) return response;
  const { body, ...rest } = response;
  return { ...rest, gzippedBody: gzipSync(body).toString('base64') };
}

/** The response a kept one stands for. */
export function fromStoredResponse(stored: StoredResponse): HttpResponse {
  if (stored.gzippedBody === undefined) return stored;
  const { gzippedBody, ...rest } = stored;
  return { ...rest, body: gunzipSync(Buffer.from(gzippedBody, 'base64')).toString('utf8') };
}

/** Wraps a write route so that `Idempotency-Key` replays its first response for 24 hours. */
export function idempotent(handler: RouteHandler): RouteHandler {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[key, caller, route]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: 24 * 60 * 60,
    responseHook: (response) => {
      const replayed = response as HttpResponse;
      return { ...replayed, headers: { ...replayed.headers, 'idempotent-replayed': 'true' } };
    },
  });
  let run: ((input: IdempotencyInput, request: RouteRequest) => Promise<StoredResponse>) | undefined;

  return async (request) => {
    const key = request.event.headers?.['idempotency-key'];
    if (key === undefined) return handler(request);
    if (!keyPattern.test(key)) {
      throw new MalformedInputError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { path: 'Idempotency-Key', message: 'Not a valid idempotency key' },
      ]);
    }
    run ??= makeIdempotent(
      async (_input: IdempotencyInput, req: RouteRequest) => toStoredResponse(await handler(req)),
      {
        persistenceStore: store(),
        config,
      },
    );
    config.registerLambdaContext(request.context);
    const input: IdempotencyInput = {
      key,
      caller: principalOf(request.event).subject,
      route: request.event.routeKey,
      body: request.body ?? request.rawBody,
    };
    const deadline = Date.now() + inProgressWaitMs;
    for (;;) {
      try {
        return fromStoredResponse(await run(input, request));
      } catch (error) {
        if (error instanceof IdempotencyValidationError) {
          throw new ValidationError(
            [{ path: 'Idempotency-Key', message: 'This key was already used with a different body' }],
            'Idempotency-Key reused with a different request body',
          );
        }
        if (!(error instanceof IdempotencyAlreadyInProgressError)) throw error;
        if (Date.now() >= deadline)
          throw new ConflictError('A request with this Idempotency-Key is still in progress');
        await sleep(inProgressPollMs);
      }
    }
  };
}
