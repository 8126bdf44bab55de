/**
 * `Idempotency-Key` for HTTP writes (`docs/rules.md`). The key is scoped to the caller and the
 * route; the body is checked by hash, so the same key with another body is refused (422). A
 * duplicate arriving while the first request still runs waits a little for it to finish and then
 * replays its response; if it is still running after that, 409. A request that fails gives its key
 * up, so that a retry runs afresh.
 *
 * The records are kept as Powertools idempotency kept them (`DynamoIdempotencyStore`, which says why
 * this is not Powertools any more). The first response is kept in one DynamoDB item, which holds at
 * most 400 KB: a large body (a 5,000-row import result is about 530 KB of JSON) is kept
 * gzip-compressed, and unpacked on replay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { documentClient } from '../adapters/dynamodb/document-client.ts';
import { DynamoIdempotencyStore, idempotencyHash } from '../adapters/dynamodb/idempotency-table.ts';
import { tableName } from '../config/env.ts';
import { ConflictError, MalformedInputError, ValidationError } from '../domain/errors.ts';
import { logger } from '../observability/logger.ts';
import type { RouteHandler } from './handler.ts';
import { principalOf } from './principal.ts';
import type { HttpResponse } from './response.ts';

/** How long a duplicate waits for the first request before answering 409. */
const inProgressWaitMs = 8_000;
const inProgressPollMs = 100;

/** How long a response answers retries of its key. */
const replayForSeconds = 24 * 60 * 60;

let idempotencyStore: DynamoIdempotencyStore | undefined;

function store(): DynamoIdempotencyStore {
  idempotencyStore ??= new DynamoIdempotencyStore(documentClient, tableName('idempotency'), replayForSeconds);
  return idempotencyStore;
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

/**
 * The record id of a key: the function's name, then the hash of (key, caller, route), as
 * Powertools derived it (`docs/rules.md`).
 */
function recordId(key: string, caller: string, route: string): string {
  return `${process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}#${idempotencyHash([key, caller, route])}`;
}

function replayed(stored: StoredResponse): HttpResponse {
  const response = fromStoredResponse(stored);
  return { ...response, headers: { ...response.headers, 'idempotent-replayed': 'true' } };
}

/** Wraps a write route so that `Idempotency-Key` replays its first response for 24 hours. */
export function idempotent(handler: RouteHandler): RouteHandler {
  return async (request) => {
    const key = request.event.headers?.['idempotency-key'];
    if (key === undefined) return handler(request);
    if (!keyPattern.test(key)) {
      throw new MalformedInputError('Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { path: 'Idempotency-Key', message: 'Not a valid idempotency key' },
      ]);
    }
    const id = recordId(key, principalOf(request.event).subject, request.event.routeKey);
    const validation = idempotencyHash(request.body ?? request.rawBody);
    const waitUntil = Date.now() + inProgressWaitMs;
    for (;;) {
      const remainingMs = request.context.getRemainingTimeInMillis?.();
      const claim = await store().claim(
        id,
        validation,
        remainingMs === undefined ? undefined : Date.now() + remainingMs,
      );
      if (claim.claimed) return runClaimed(id, claim.claimId, validation, () => handler(request));
      const existing = claim.existing;
      if (existing !== undefined && existing.validation !== validation) {
        throw new ValidationError(
          [{ path: 'Idempotency-Key', message: 'This key was already used with a different body' }],
          'Idempotency-Key reused with a different request body',
        );
      }
      if (existing?.status === 'COMPLETED' && existing.expiration * 1000 >= Date.now()) {
        return replayed(existing.data as StoredResponse);
      }
      // Still running elsewhere (or given up or expired between the write and the read): wait, then try again.
      if (Date.now() >= waitUntil)
        throw new ConflictError('A request with this Idempotency-Key is still in progress');
      await sleep(inProgressPollMs);
    }
  };
}

/**
 * Runs a claimed request; keeps its response for replay, or gives the key up when it fails. The
 * request's own outcome is what the client gets: failing to keep or give up the record is logged,
 * never answered in its place (the write is done, and a 503 would only invite the duplicate the
 * key is there to prevent). Such a record stands until its deadline, and a retry then runs again.
 */
async function runClaimed(
  id: string,
  claimId: string,
  validation: string,
  run: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  let response: HttpResponse;
  try {
    response = await run();
  } catch (error) {
    await store()
      .release(id, claimId)
      .catch((releaseError: unknown) =>
        logger.error('Could not give up an idempotency key after the request failed', {
          error: releaseError,
        }),
      );
    throw error;
  }
  try {
    if (!(await store().complete(id, claimId, validation, toStoredResponse(response)))) {
      logger.warn(
        'An idempotency key was taken over by a retry before this request finished; its response is not kept',
      );
    }
  } catch (error) {
    logger.error('Could not keep the response of an idempotency key for replay', { error });
  }
  return response;
}
