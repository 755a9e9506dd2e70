/**
 * What repositories need of a connection: a DataSource (or `TransactionRunner.read`'s connection)
 * outside transactions, the `Transaction` of `TransactionRunner.run` or of an inbox consumer inside.
 * The caller names the shape of the answer (`db.query<JobRow[]>(…)`), as TypeORM's own `query<T>` does;
 * the default makes an unnamed answer unusable until it is given a row type.
 */
export interface Queryable {
  query<R = unknown>(sql: string, parameters?: unknown[]): Promise<R>;
}

/**
 * TypeORM answers UPDATE and DELETE with `[rows, rowCount]` and every other statement with `rows`;
 * this gives the rows of a `… RETURNING` either way.
 */
export function returnedRows<R>(result: R[] | [R[], number]): R[] {
  return Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
    ? (result[0] as R[])
    : (result as R[]);
}
