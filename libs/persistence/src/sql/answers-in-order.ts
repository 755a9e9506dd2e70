/**
 * The answers of statements already sent, in the order they were sent; the first failure in that order
 * is the one thrown. On a TransactionRunner's connection `query` sends at once (pg's pipeline mode,
 * `createDataSource`), so statements issued before any is awaited share one round trip; the server
 * still runs them one after the other, each its own statement with its own snapshot (a read sent behind
 * a lock sees what was committed while the lock waited). In a transaction the statements after a failed
 * one fail only because it did, so its error is the one that explains them.
 */
export async function answersInOrder<T extends unknown[]>(
  ...pending: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}
