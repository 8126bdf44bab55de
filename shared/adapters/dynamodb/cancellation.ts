/**
 * Why DynamoDB cancelled a transaction, read in one place. A cancelled `TransactWriteItems` reports
 * one reason per item, in the order of the items: `None` for an item that was fine, else why it
 * stopped the transaction (`ConditionalCheckFailed`, `TransactionConflict`, throttling…).
 */

/** The codes DynamoDB gives for cancelled transactions, as this project reads them. */
export const cancellationCode = {
  none: 'None',
  conditionFailed: 'ConditionalCheckFailed',
  transactionConflict: 'TransactionConflict',
} as const;

/**
 * The reason codes of a cancelled transaction, one per item in the transaction's order (`None` where
 * DynamoDB gave none), or undefined when the error is not a cancelled transaction. Judged by the
 * error's name, so that it also reads the error inside the SDK's middleware stack, before the
 * client has turned it into a `TransactionCanceledException`.
 */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? cancellationCode.none);
}

/** Whether a transaction was cancelled because the condition on one of its items failed. */
export function cancelledByFailedCondition(error: unknown): boolean {
  return cancellationCodes(error)?.includes(cancellationCode.conditionFailed) ?? false;
}

/** Whether a transaction was cancelled because the condition on its item at `index` failed. */
export function conditionFailedAt(error: unknown, index: number): boolean {
  return cancellationCodes(error)?.[index] === cancellationCode.conditionFailed;
}
