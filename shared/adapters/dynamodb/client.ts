/**
 * DynamoDB client factories. Short timeouts keep a request from hanging on an unreachable
 * database: the API answers 503 well within API Gateway's 30 s limit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationCode, cancellationCodes } from './cancellation.ts';
import { transientCancellationCodes } from './errors.ts';

/**
 * Whether an error is a transaction conflict: `TransactionConflictException`, or a transaction
 * cancelled only for conflicts or throttling (none of its conditions failed). The SDK does not
 * retry these by itself; nothing was written, so they are safe to retry.
 */
export function isRetryableTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TransactionConflictException') return true;
  const codes = cancellationCodes(error);
  if (!codes) return false;
  return (
    codes.some((code) => transientCancellationCodes.has(code)) &&
    codes.every((code) => code === cancellationCode.none || transientCancellationCodes.has(code))
  );
}

/** A low-level client; `DYNAMODB_ENDPOINT` points it at DynamoDB Local. */
export function createDynamoClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBClient {
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  // Marks transaction conflicts as throttling, inside the SDK's retry middleware, so that they are
  // retried with the same backoff as throttling before they reach the API as a 503.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isRetryableTransactionConflict(error)) {
          Object.assign(error as object, { $retryable: { throttling: true } });
        }
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'retryTransactionConflicts' },
  );
  return client;
}

/** A document client (plain JavaScript values in and out) over a low-level client. */
export function createDocumentClient(
  client: DynamoDBClient | string | undefined = process.env.DYNAMODB_ENDPOINT,
): DynamoDBDocumentClient {
  const base = client instanceof DynamoDBClient ? client : createDynamoClient(client);
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
