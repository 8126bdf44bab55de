/**
 * Turns the DynamoDB failures that mean "not now" (throttling, transaction conflicts, an
 * unreachable endpoint, timeouts) into the domain's `DependencyUnavailableError`. The SDK has
 * already retried them with backoff by the time they arrive here.
 */
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import { cancellationCodes, cancelledByFailedCondition } from './cancellation.ts';

const transientServiceErrors = [
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionConflictException,
  InternalServerError,
];

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

function isNetworkOrTimeout(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  // The SDK's request handler reports its own connection and request timeouts as a plain Error
  // named TimeoutError; there is no class to test against.
  if (error.name === 'TimeoutError') return true;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && networkErrorCodes.has(code)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isNetworkOrTimeout(e, depth + 1)))
    return true;
  return isNetworkOrTimeout(error.cause, depth + 1);
}

/** Reasons a transaction is cancelled that mean "not now" rather than "not allowed". */
export const transientCancellationCodes: ReadonlySet<string> = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Whether an error from a DynamoDB call means the database is unavailable for now. Wrapped errors
 * (a failure another error carries as its `cause`) are judged by their cause.
 */
export function isTransientDatabaseError(error: unknown, depth = 0): boolean {
  if (transientServiceErrors.some((type) => error instanceof type)) return true;
  if (cancellationCodes(error)?.some((code) => transientCancellationCodes.has(code))) return true;
  const fault = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (typeof fault === 'number' && fault >= 500) return true;
  if (isNetworkOrTimeout(error)) return true;
  return (
    error instanceof Error &&
    error.cause !== undefined &&
    depth < 3 &&
    isTransientDatabaseError(error.cause, depth + 1)
  );
}

/** Maps a transient database failure to `DependencyUnavailableError`; anything else passes through. */
export function toDependencyError(error: unknown): unknown {
  if (error instanceof DependencyUnavailableError || !isTransientDatabaseError(error)) return error;
  return new DependencyUnavailableError('The database is unavailable; try again shortly', 5, {
    cause: error,
  });
}

/** Whether a transaction was cancelled because one of its conditions failed (a lost optimistic-concurrency race). */
export function isConditionFailure(error: unknown): boolean {
  return cancelledByFailedCondition(error);
}
