import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { callerGaveUp } from '@slotline/errors';
import { msUntilDeadline } from '@slotline/observability';
import { ConstraintErrorMap, translateDbError } from './db-errors';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Extra attempts after a serialization failure or deadlock. */
  retries?: number;
}

const TRANSIENT = new Set(['40001', '40P01']);

function sqlStateOf(err: unknown): string | undefined {
  const code =
    (err as { code?: string; driverError?: { code?: string } })?.code ??
    (err as { driverError?: { code?: string } })?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isTransientDbError(err: unknown): boolean {
  const code = sqlStateOf(err);
  return code !== undefined && TRANSIENT.has(code);
}

/**
 * The only way services open a transaction. Serialization failures and deadlocks are retried with
 * jittered backoff; any other database error is translated once, here, into a taxonomy error.
 *
 * Inside a call with a deadline (`runWithDeadline`, set by the RPC server from the caller's header)
 * no statement runs past it (`SET LOCAL statement_timeout`), the work is checked against it just
 * before COMMIT and abandoned (rolled back, `SYS_UPSTREAM_TIMEOUT`) once the caller has given up,
 * and retries stop there: a caller that saw a timeout can rely on nothing having happened.
 */
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    /** What this service's named constraints mean; anything else gets the generic translation. */
    private readonly constraintErrors: ConstraintErrorMap = {},
  ) {}

  /**
   * A read outside a transaction (a single query, or several that need no common snapshot): no retry
   * and no deadline bookkeeping, but its database errors are translated exactly as `run`'s are.
   */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await work(this.dataSource.manager);
    } catch (err) {
      throw translateDbError(err, this.constraintErrors);
    }
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    const retries = opts.retries ?? 5;
    const bounded = async (manager: EntityManager): Promise<T> => {
      const left = msUntilDeadline();
      if (left <= 0) throw callerGaveUp();
      if (Number.isFinite(left)) await manager.query(`SET LOCAL statement_timeout = ${Math.ceil(left)}`);
      const result = await work(manager);
      if (msUntilDeadline() <= 0) throw callerGaveUp();
      return result;
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await (opts.isolation
          ? this.dataSource.transaction(opts.isolation, bounded)
          : this.dataSource.transaction(bounded));
      } catch (err) {
        if (msUntilDeadline() <= 0 && (isTransientDbError(err) || isCancelled(err))) throw callerGaveUp();
        if (isTransientDbError(err) && attempt < retries) {
          const pause = Math.random() * 20 * 2 ** attempt;
          if (pause >= msUntilDeadline()) throw callerGaveUp();
          await new Promise((r) => setTimeout(r, pause));
          continue;
        }
        throw translateDbError(err, this.constraintErrors);
      }
    }
  }
}

/** 57014: a statement cancelled by `statement_timeout`. */
function isCancelled(err: unknown): boolean {
  return sqlStateOf(err) === '57014';
}
