/** What repositories need of a connection: a DataSource outside transactions, an EntityManager inside. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The rows of an UPDATE … RETURNING, which TypeORM answers as `[rows, rowCount]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function returnedRows(result: any): any[] {
  return Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
    ? result[0]
    : result;
}
