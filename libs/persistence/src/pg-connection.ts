import { classifyQuery, Metrics, queryTimingOf, timeQuery } from '@slotline/observability';
import type { Pool, QueryResult } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Queryable } from './sql/queryable';

/** What PgConnection needs of a pg client or pool; `pipeline` is pg's own flag (the pool's clients). */
interface PgClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
  readonly pipeline?: boolean;
  /** A client's socket (pg corks it around each extended-protocol query itself). */
  readonly connection?: { stream?: { cork?(): void; uncork?(): void } };
}

/**
 * The connection a `TransactionRunner.run` callback gets: its queries run inside the transaction, on
 * one pooled pg client, until the callback settles. `inTransaction` is what writers that must never
 * write outside a transaction (the outbox, the audit log) check.
 */
export interface Transaction extends Queryable {
  readonly inTransaction: boolean;
}

/** The pg pool under a TypeORM DataSource (the one its own query runners take clients from). */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new Error('The DataSource is not initialized: it has no connection pool yet.');
  return pool;
}

/**
 * Queries straight on the pg driver, answering and failing exactly as TypeORM's `query` does (rows, or
 * `[rows, rowCount]` for UPDATE and DELETE; errors as `QueryFailedError` with the driver's code and
 * constraint copied onto it), timed and traced as `wrapQueryRunnerTiming` times TypeORM's queries. What
 * it skips is TypeORM's per-query work (query runner, broadcaster, logger calls).
 */
export class PgConnection implements Transaction {
  private closed = false;
  /** The transaction's opening message, sent but not yet answered (see `open`). */
  private opening: Promise<unknown> | undefined;
  private corked = false;
  /** Run once the transaction has committed (`whenCommitted`); dropped if it rolls back. */
  private committed: Array<() => void> = [];

  constructor(
    private readonly client: PgClient,
    private readonly metrics: Metrics | undefined,
    readonly inTransaction: boolean,
  ) {}

  async query<R = unknown>(sql: string, parameters?: unknown[]): Promise<R> {
    const opening = this.opening;
    this.opening = undefined;
    const answer = this.send(sql, parameters);
    if (opening) {
      // Its answer comes first; when it failed, that is the error to report, not this statement's.
      answer.catch(() => undefined);
      await opening;
    }
    return (await answer) as R;
  }

  /**
   * Sends the statement that opens the transaction and goes on without waiting for it: the first query
   * follows it in the same round trip (pipelined) and reports its failure. Nothing runs outside the
   * transaction when it fails: `START TRANSACTION` fails only with the connection, and a failed `SET
   * LOCAL` after it leaves the transaction aborted, so the statements behind it are refused.
   */
  open(sql: string): Promise<unknown> {
    const answer = this.send(sql);
    answer.catch(() => undefined);
    if (this.pipelines) this.opening = answer;
    return answer;
  }

  /** True when statements can be sent before the answers to earlier ones have come back. */
  get pipelines(): boolean {
    return this.client.pipeline === true;
  }

  close(): void {
    this.closed = true;
  }

  /** Registers `then` to run after COMMIT (see `whenCommitted`). */
  afterCommit(then: () => void): void {
    if (this.closed) throw new Error('This connection was released: its transaction has ended.');
    this.committed.push(then);
  }

  /**
   * Runs what was registered with `afterCommit`, once: `inPgTransaction` calls it after COMMIT. One that
   * throws becomes a process warning: the transaction has committed, so its caller's answer stands.
   */
  runAfterCommit(): void {
    const callbacks = this.committed;
    this.committed = [];
    for (const then of callbacks) {
      try {
        then();
      } catch (err) {
        process.emitWarning(err as Error, 'AfterCommitWarning');
      }
    }
  }

  /**
   * Statements sent in this turn of the event loop leave in one socket write instead of one each: the
   * socket is corked until the next tick (pg's own cork around each query nests inside this one).
   */
  private coalesceWrites(): void {
    const stream = this.pipelines ? this.client.connection?.stream : undefined;
    if (!stream?.cork || !stream.uncork || this.corked) return;
    stream.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      stream.uncork!();
    });
  }

  private async send(sql: string, parameters?: unknown[]): Promise<unknown> {
    // A callback that kept its connection past the end of the transaction must not reach a client
    // that is back in the pool (and maybe in someone else's transaction).
    if (this.closed) throw new Error('This connection was released: its transaction has ended.');
    this.coalesceWrites();
    const run = () => this.client.query(sql, parameters) as Promise<QueryResult | QueryResult[]>;
    try {
      const result = this.metrics ? await timeQuery(this.metrics, classifyQuery(sql), run) : await run();
      return typeormShaped(result);
    } catch (err) {
      throw new QueryFailedError(sql, parameters, err as Error);
    }
  }
}

/**
 * Queries outside a transaction on the DataSource's pool, each on whichever client is free, as
 * `TransactionRunner.read` runs them: for repositories that were handed the DataSource for their
 * reads and single-statement writes, without TypeORM's per-query machinery (query runner,
 * broadcaster, logger). The pool is looked up per query (a DataSource initialized again has a new one).
 */
export function poolQueries(dataSource: DataSource): Transaction {
  return {
    inTransaction: false,
    query: <R>(sql: string, parameters?: unknown[]) =>
      new PgConnection(poolOf(dataSource), queryTimingOf(dataSource), false).query<R>(sql, parameters),
  };
}

/**
 * One transaction on a client of the DataSource's pool: the statement `begin()` returns (evaluated once
 * the client is there; `START TRANSACTION`, and whatever else should travel in the same simple-protocol
 * message), then `work` (given that message's answer: the rows of its last statement), then COMMIT;
 * ROLLBACK when anything throws. The opening message is not waited for: on the pool's pipelining
 * clients `work`'s first statement goes out right behind it (PgConnection.open). A client whose
 * connection failed is destroyed instead of going back to the pool.
 */
export async function inPgTransaction<T>(
  dataSource: DataSource,
  begin: () => string,
  work: (tx: Transaction, begun: Promise<unknown>) => Promise<T>,
): Promise<T> {
  const client = await poolOf(dataSource).connect();
  // A checked-out client has no listener of the pool's: without one, its error would crash the process.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  const tx = new PgConnection(client, queryTimingOf(dataSource), true);
  let sent = false;
  try {
    const sql = begin();
    sent = true;
    const begun = tx.open(sql);
    // Without pipelining pg would send the next statement even after a failed opening: wait for it.
    if (!tx.pipelines) await begun;
    const result = await work(tx, begun);
    await begun;
    await tx.query('COMMIT');
    tx.runAfterCommit();
    return result;
  } catch (err) {
    // Also after a failed opening message: a later statement of it may have failed inside the transaction.
    if (sent && !broken) await tx.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    tx.close();
    client.off('error', onError);
    client.release(broken);
  }
}

/** TypeORM's shape of an answer (PostgresQueryRunner.query); for several statements, the last one's. */
function typeormShaped(result: QueryResult | QueryResult[]): unknown {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (!last) return undefined;
  return last.command === 'UPDATE' || last.command === 'DELETE' ? [last.rows, last.rowCount] : last.rows;
}

/**
 * Runs `then` once `db`'s transaction has committed, and never if it rolls back: for work that should
 * follow what the transaction wrote (waking the outbox relay). Only a transaction of `inPgTransaction`
 * (TransactionRunner, the inbox consumers, the relay) can say when it commits; for anything else this
 * returns false and does nothing.
 */
export function whenCommitted(db: Queryable, then: () => void): boolean {
  if (!(db instanceof PgConnection) || !db.inTransaction) return false;
  db.afterCommit(then);
  return true;
}

/**
 * True inside a transaction: a TransactionRunner's or an inbox consumer's connection, or a TypeORM
 * EntityManager / QueryRunner of an active transaction (tests and migrations still use those). For
 * writers whose rows must commit with the caller's state change or not at all.
 */
export function isInTransaction(db: Queryable): boolean {
  const c = db as { inTransaction?: unknown; queryRunner?: { isTransactionActive?: unknown } };
  return c.inTransaction === true || c.queryRunner?.isTransactionActive === true;
}
