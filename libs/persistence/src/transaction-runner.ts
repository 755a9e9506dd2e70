import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { translateDbError } from './db-errors';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Extra attempts after a serialization failure or deadlock. */
  retries?: number;
}

const TRANSIENT = new Set(['40001', '40P01']);

export function isTransientDbError(err: unknown): boolean {
  const code =
    (err as { code?: string; driverError?: { code?: string } })?.code ??
    (err as { driverError?: { code?: string } })?.driverError?.code;
  return typeof code === 'string' && TRANSIENT.has(code);
}

/**
 * The only way services open a transaction. Serialization failures and deadlocks are retried with
 * jittered backoff; any other database error is translated once, here, into a taxonomy error.
 */
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    const retries = opts.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await (opts.isolation
          ? this.dataSource.transaction(opts.isolation, work)
          : this.dataSource.transaction(work));
      } catch (err) {
        if (isTransientDbError(err) && attempt < retries) {
          await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
          continue;
        }
        throw translateDbError(err);
      }
    }
  }
}
