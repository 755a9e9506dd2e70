import type { TransactionParticipant } from './in-memory-transactions';

/**
 * Rows by id, for the in-memory fakes of repositories: reads return copies (a service that mutates
 * what it read does not change the "database"), and a rolled-back transaction restores the rows.
 */
export class InMemoryTable<T extends { id: string }> implements TransactionParticipant {
  private rows = new Map<string, T>();

  constructor(rows: readonly T[] = []) {
    for (const row of rows) this.rows.set(row.id, copy(row));
  }

  insert(row: T): T {
    if (this.rows.has(row.id)) throw new Error(`duplicate id ${row.id}`);
    this.rows.set(row.id, copy(row));
    return copy(row);
  }

  get(id: string): T | null {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  update(id: string, change: Partial<T>): T {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no row ${id}`);
    const updated = { ...row, ...copy(change) };
    this.rows.set(id, updated);
    return copy(updated);
  }

  delete(id: string): boolean {
    return this.rows.delete(id);
  }

  /** Every row matching `where`, in insertion order (ids are UUIDv7, so also oldest first). */
  all(where: (row: T) => boolean = () => true): T[] {
    return [...this.rows.values()].filter(where).map((r) => copy(r));
  }

  snapshot(): () => void {
    const saved = new Map([...this.rows].map(([id, row]) => [id, copy(row)]));
    return () => {
      this.rows = saved;
    };
  }
}

/**
 * A deep copy of plain rows (objects, arrays, Dates). Not `structuredClone`: under jest that makes
 * Dates of another realm, which `instanceof Date` and `expect.any(Date)` do not recognise.
 */
function copy<V>(value: V): V {
  if (value instanceof Date) return new Date(value.getTime()) as V;
  if (Array.isArray(value)) return value.map(copy) as V;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as V;
  return value;
}
