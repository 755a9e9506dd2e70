/**
 * The SET list of an `UPDATE … WHERE id = $1`: `column = $n` for each field of `changes` that is
 * defined (undefined leaves its column alone), then `updated_at = now()`; `params` starts with the id.
 */
export function updateSet<T extends object>(
  id: string,
  changes: T,
  columns: Record<keyof T, string>,
  encode: (key: keyof T, value: unknown) => unknown = (_key, value) => value,
): { set: string; params: unknown[] } {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [key, column] of Object.entries(columns) as Array<[keyof T, string]>) {
    if (changes[key] === undefined) continue;
    params.push(encode(key, changes[key]));
    sets.push(`${column} = $${params.length}`);
  }
  return { set: [...sets, 'updated_at = now()'].join(', '), params };
}
