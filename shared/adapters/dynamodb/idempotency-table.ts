/**
 * The idempotency records of `Idempotency-Key` (`shared/http/idempotency.ts`, `docs/rules.md`).
 *
 * Items are kept in the layout of Powertools idempotency, which wrote them before this module did,
 * so that records written by either are read by the other (a retry that straddles an upgrade is
 * still answered from its record):
 * - `id`: `<function name>#<md5 of the key's JSON, base64>`
 * - `status`: `INPROGRESS` or `COMPLETED`
 * - `expiration`: epoch seconds after which the record no longer counts (the table's TTL attribute)
 * - `in_progress_expiration`: epoch milliseconds after which an `INPROGRESS` record is taken to
 *   belong to an invocation that died (its Lambda's deadline)
 * - `validation`: the md5 (base64) of the request body it was made for
 * - `data`: the response, once `COMPLETED`
 * - `claim_id`: which request holds an `INPROGRESS` record (ours alone; Powertools ignores it), so
 *   that a request whose record another one took over (its deadline passed) cannot complete or
 *   delete the other's
 *
 * Why not Powertools idempotency itself: it always bundles its JMESPath engine (23 KB) and its
 * cache and handler layers (15 KB), 7% of the size budget of the two functions that use it, for the
 * four conditional writes below (`docs/performance.md`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

export type IdempotencyStatus = 'INPROGRESS' | 'COMPLETED';

export interface IdempotencyRecord {
  readonly id: string;
  readonly status: IdempotencyStatus;
  /** Epoch seconds. */
  readonly expiration: number;
  /** Epoch milliseconds; absent when the deadline was not known. */
  readonly in_progress_expiration?: number;
  readonly validation?: string;
  readonly data?: unknown;
  readonly claim_id?: string;
}

/** The outcome of claiming a key: it is ours to run, or another request's record stands. */
export type Claim =
  | { readonly claimed: true; readonly claimId: string }
  | { readonly claimed: false; readonly existing?: IdempotencyRecord };

/**
 * Objects' keys sorted (case-insensitively) at every depth, exactly as Powertools' `deepSort` does,
 * assignment included: a `__proto__` key sets the copy's prototype and so drops out of its JSON.
 */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))) {
    sorted[key] = sortedDeep(record[key]);
  }
  return sorted;
}

/** The md5 (base64) of a value's JSON with its keys sorted: the same for `{a,b}` and `{b,a}`. */
export function idempotencyHash(value: unknown): string {
  return createHash('md5')
    .update(JSON.stringify(sortedDeep(value ?? null)))
    .digest('base64');
}

export class DynamoIdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    /** How long a completed record answers retries. */
    private readonly expiresAfterSeconds: number,
  ) {}

  /**
   * Writes an `INPROGRESS` record unless a live one exists (absent, expired, or `INPROGRESS` past
   * its deadline all count as free). When one exists, it is returned as it was.
   */
  async claim(
    id: string,
    validation: string,
    deadlineMs: number | undefined,
    nowMs = Date.now(),
  ): Promise<Claim> {
    const claimId = randomUUID();
    const record: IdempotencyRecord = {
      id,
      status: 'INPROGRESS',
      expiration: Math.round(nowMs / 1000 + this.expiresAfterSeconds),
      ...(deadlineMs === undefined ? {} : { in_progress_expiration: deadlineMs }),
      validation,
      claim_id: claimId,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: record,
          ConditionExpression:
            'attribute_not_exists(#id) OR #expiry < :now OR ' +
            '(#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
          ExpressionAttributeNames: {
            '#id': 'id',
            '#expiry': 'expiration',
            '#in_progress_expiry': 'in_progress_expiration',
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':now': nowMs / 1000,
            ':now_in_millis': nowMs,
            ':inprogress': 'INPROGRESS',
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true, claimId };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The document client leaves a failed condition's item as the wire gives it: typed attribute values.
      const existing = error.Item ? (unmarshall(error.Item) as IdempotencyRecord) : await this.get(id);
      return { claimed: false, ...(existing === undefined ? {} : { existing }) };
    }
  }

  /**
   * Marks a claimed record `COMPLETED` with the response to replay. False when the claim is no
   * longer ours (its deadline passed and another request took the key over).
   */
  async complete(
    id: string,
    claimId: string,
    validation: string,
    data: unknown,
    nowMs = Date.now(),
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression:
            'SET #expiry = :expiry, #status = :status, #response_data = :response_data, #validation_key = :validation_key ' +
            'REMOVE #claim',
          ConditionExpression: '#claim = :claim',
          ExpressionAttributeNames: {
            '#expiry': 'expiration',
            '#status': 'status',
            '#response_data': 'data',
            '#validation_key': 'validation',
            '#claim': 'claim_id',
          },
          ExpressionAttributeValues: {
            ':expiry': Math.round(nowMs / 1000 + this.expiresAfterSeconds),
            ':status': 'COMPLETED',
            ':response_data': data,
            ':validation_key': validation,
            ':claim': claimId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives a claimed key up (its request failed), so that a retry runs it afresh; a claim no longer ours is left alone. */
  async release(id: string, claimId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { id },
          ConditionExpression: '#claim = :claim',
          ExpressionAttributeNames: { '#claim': 'claim_id' },
          ExpressionAttributeValues: { ':claim': claimId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async get(id: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return Item as IdempotencyRecord | undefined;
  }
}
