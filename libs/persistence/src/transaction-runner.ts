import { DataSource } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { callerGaveUp } from '@slotline/errors';
import { msUntilDeadline } from '@slotline/observability';
import { ConstraintErrorMap, translateDbError } from './db-errors';
import { inPgTransaction, poolQueries, Transaction } from './pg-connection';

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
 *
 * Transactions run on a client taken straight from the DataSource's pg pool (PgConnection), not
 * through TypeORM's query runners: `START TRANSACTION` and the deadline's `SET LOCAL` go as one simple-protocol
 * message, and no statement pays for TypeORM's per-query machinery. Queries are still timed into
 * `db_query_duration_seconds` and traced as `db.<operation>` when the DataSource is wrapped
 * (`wrapQueryRunnerTiming`), and fail as TypeORM's do, so callers see no difference.
 */
export class TransactionRunner {
  /** Reads outside a transaction, on the pool as it is at each query. */
  private readonly outside: Transaction;

  constructor(
    private readonly dataSource: DataSource,
    /** What this service's named constraints mean; anything else gets the generic translation. */
    private readonly constraintErrors: ConstraintErrorMap = {},
  ) {
    this.outside = poolQueries(dataSource);
  }

  /**
   * A read outside a transaction (a single query, or several that need no common snapshot): no retry
   * and no deadline bookkeeping, but its database errors are translated exactly as `run`'s are.
   */
  async read<T>(work: (db: Transaction) => Promise<T>): Promise<T> {
    try {
      return await work(this.outside);
    } catch (err) {
      throw translateDbError(err, this.constraintErrors);
    }
  }

  async run<T>(work: (tx: Transaction) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    const retries = opts.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(work, opts.isolation);
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

  private once<T>(work: (tx: Transaction) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    if (msUntilDeadline() <= 0) throw callerGaveUp();
    return inPgTransaction(
      this.dataSource,
      () => {
        const left = msUntilDeadline();
        if (left <= 0) throw callerGaveUp();
        return beginStatement(isolation, left);
      },
      async (tx) => {
        const result = await work(tx);
        if (msUntilDeadline() <= 0) throw callerGaveUp();
        return result;
      },
    );
  }
}

const ISOLATION_LEVELS: ReadonlySet<string> = new Set([
  'READ UNCOMMITTED',
  'READ COMMITTED',
  'REPEATABLE READ',
  'SERIALIZABLE',
]);

/**
 * `START TRANSACTION` with its isolation level and, under a deadline, the statement timeout: one message (the
 * simple protocol runs several statements from one), so the deadline costs no round trip of its own.
 * Both values are checked before they are written into the SQL (neither can be a bind parameter).
 */
export function beginStatement(isolation: IsolationLevel | undefined, msLeft: number): string {
  if (isolation !== undefined && !ISOLATION_LEVELS.has(isolation))
    throw new Error(`Unknown isolation level ${JSON.stringify(isolation)}`);
  // START TRANSACTION (as TypeORM sends it): `classifyQuery` counts the message as a 'begin'.
  const begin = isolation ? `START TRANSACTION ISOLATION LEVEL ${isolation}` : 'START TRANSACTION';
  return Number.isFinite(msLeft) ? `${begin}; SET LOCAL statement_timeout = ${Math.ceil(msLeft)}` : begin;
}

/** 57014: a statement cancelled by `statement_timeout`. */
function isCancelled(err: unknown): boolean {
  return sqlStateOf(err) === '57014';
}
