import {
  ConditionalCheckFailedException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createDynamoClient,
  isRetryableTransactionConflict,
} from '../../../shared/adapters/dynamodb/client.ts';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('isRetryableTransactionConflict', () => {
  it.each([
    ['TransactionConflictException', new TransactionConflictException({ message: 'x', $metadata: {} }), true],
    ['a cancellation for a conflict', cancelled('None', 'TransactionConflict'), true],
    ['a cancellation for throttling', cancelled('ThrottlingError'), true],
    ['a cancellation for a failed condition', cancelled('ConditionalCheckFailed', 'None'), false],
    [
      'a cancellation for a conflict and a failed condition',
      cancelled('TransactionConflict', 'ConditionalCheckFailed'),
      false,
    ],
    ['a cancellation without reasons', cancelled(), false],
    ['a failed condition', new ConditionalCheckFailedException({ message: 'x', $metadata: {} }), false],
    [
      'throttling (the SDK retries it already)',
      new ThrottlingException({ message: 'x', $metadata: {} }),
      false,
    ],
    ['something else', new Error('boom'), false],
  ])('%s: %s', (_what, error, expected) => {
    expect(isRetryableTransactionConflict(error)).toBe(expected);
  });
});

describe('createDynamoClient', () => {
  it('marks transaction conflicts retryable inside the retry middleware', () => {
    const client = createDynamoClient('http://127.0.0.1:9');
    expect(client.middlewareStack.identify()).toContainEqual(
      expect.stringMatching(/^retryTransactionConflicts/),
    );
    client.destroy();
  });
});
