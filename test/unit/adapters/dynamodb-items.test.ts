import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  cancellationCodes,
  cancelledByFailedCondition,
  conditionFailedAt,
} from '../../../shared/adapters/dynamodb/cancellation.ts';
import { paddedVersion, recordOf } from '../../../shared/adapters/dynamodb/items.ts';

function cancelled(...codes: (string | undefined)[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => (Code === undefined ? {} : { Code })),
  });
}

describe('cancellation reasons', () => {
  it('reads one code per item, in order, None where DynamoDB gave none', () => {
    expect(cancellationCodes(cancelled('None', 'ConditionalCheckFailed', undefined))).toEqual([
      'None',
      'ConditionalCheckFailed',
      'None',
    ]);
  });

  it('reads an error that is only named a cancellation (inside the SDK middleware stack)', () => {
    const raw = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'TransactionConflict' }],
    });
    expect(cancellationCodes(raw)).toEqual(['TransactionConflict']);
  });

  it('says undefined for anything that is not a cancelled transaction', () => {
    expect(cancellationCodes(new Error('other'))).toBeUndefined();
    expect(cancellationCodes('TransactionCanceledException')).toBeUndefined();
    expect(cancelledByFailedCondition(new Error('other'))).toBe(false);
  });

  it('tells a failed condition anywhere from one at a given item', () => {
    const error = cancelled('None', 'ConditionalCheckFailed');
    expect(cancelledByFailedCondition(error)).toBe(true);
    expect(conditionFailedAt(error, 1)).toBe(true);
    expect(conditionFailedAt(error, 0)).toBe(false);
    expect(cancelledByFailedCondition(cancelled('TransactionConflict', 'None'))).toBe(false);
  });
});

describe('items', () => {
  it('pads versions to eight digits, so that keys sort as numbers do', () => {
    expect(paddedVersion(12)).toBe('00000012');
    expect([paddedVersion(9), paddedVersion(10)].sort()).toEqual(['00000009', '00000010']);
  });

  it('strips the keys, index keys and entity tag of the tables from a record, and nothing else', () => {
    const item = {
      pk: 'PROJECT#1',
      sk: 'META',
      entity: 'project',
      gsi1pk: 'ORG#a',
      gsi1sk: 'x',
      gsi2pk: 'REVIEW#submitted',
      gsi2sk: 'y',
      gsi3pk: 'PROJECTS',
      gsi3sk: 'z',
      id: '01J0000000000000000000000A',
      name: 'Solar',
    };
    expect(recordOf(item)).toEqual({ id: '01J0000000000000000000000A', name: 'Solar' });
  });
});
