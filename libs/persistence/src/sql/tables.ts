import { assertIdentifier } from '../service-schemas';

/**
 * `"schema".table` for each table a repository reads. The schema comes from one place (SERVICE_SCHEMAS,
 * through the composition root), so integration tests can run the same SQL against a private schema.
 */
export function tablesIn<T extends string>(schema: string, tables: readonly T[]): Record<T, string> {
  const quoted = `"${assertIdentifier(schema)}"`;
  return Object.fromEntries(tables.map((t) => [t, `${quoted}.${assertIdentifier(t)}`])) as Record<T, string>;
}
