import type { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Metrics } from './metrics';
import { withSpan } from './tracing';

export type QueryOperation =
  'select' | 'insert' | 'update' | 'delete' | 'begin' | 'commit' | 'rollback' | 'savepoint' | 'ddl' | 'other';

const INSTRUMENTED = Symbol.for('slotline.observability.query-timing');

type InstrumentedDriver = DataSource['driver'] & { [INSTRUMENTED]?: Metrics };

/**
 * Times every query of `dataSource` into `db_query_duration_seconds`, and traces it as a `db.<operation>`
 * child span when a trace is active. TypeORM 0.3 sends every query (repositories, query builders,
 * transactions, migrations) through `QueryRunner.query`, and every runner comes from
 * `driver.createQueryRunner`, so that one factory of this instance is wrapped; nothing global changes.
 * Call it right after `new DataSource(...)` (e.g. in `TypeOrmModule`'s `dataSourceFactory`). Idempotent.
 */
export function wrapQueryRunnerTiming(dataSource: DataSource, metrics: Metrics): DataSource {
  const driver = dataSource.driver as InstrumentedDriver;
  if (driver[INSTRUMENTED]) return dataSource;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode: ReplicationMode): QueryRunner => {
    const runner = createQueryRunner(mode);
    type RawQuery = (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    const query = runner.query.bind(runner) as RawQuery;
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) =>
      timeQuery(metrics, classifyQuery(sql), () =>
        query(sql, parameters, structured),
      )) as QueryRunner['query'];
    return runner;
  };
  driver[INSTRUMENTED] = metrics;
  return dataSource;
}

/**
 * The metrics `wrapQueryRunnerTiming` times this DataSource's queries into, or undefined when it is not
 * wrapped: for code that queries the DataSource's pool directly (the TransactionRunner) and must time
 * and trace exactly as the wrapped runners do.
 */
export function queryTimingOf(dataSource: DataSource): Metrics | undefined {
  return (dataSource.driver as InstrumentedDriver)[INSTRUMENTED];
}

/** Times `fn` as one database call; for data access that does not go through a wrapped DataSource. */
export async function timeQuery<T>(
  metrics: Metrics,
  operation: QueryOperation,
  fn: () => Promise<T>,
): Promise<T> {
  const end = metrics.dbQueryDuration.startTimer({ operation });
  // Background pollers query constantly: only queries inside a trace get a span.
  const run = trace.getActiveSpan()
    ? () =>
        withSpan(
          `db.${operation}`,
          fn,
          { 'db.system.name': 'postgresql', 'db.operation.name': operation },
          SpanKind.CLIENT,
        )
    : fn;
  try {
    const result = await run();
    end({ outcome: 'ok' });
    return result;
  } catch (err) {
    end({ outcome: 'error' });
    throw err;
  }
}

/** A bounded label from the statement's first keyword(s). */
export function classifyQuery(sql: string): QueryOperation {
  const head = sql.trimStart().slice(0, 40).toUpperCase();
  const word = head.split(/\s+/, 1)[0] ?? '';
  switch (word) {
    case 'SELECT':
    case 'SHOW':
      return 'select';
    case 'INSERT':
      return 'insert';
    case 'UPDATE':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'BEGIN':
    case 'START':
      return 'begin';
    case 'COMMIT':
      return 'commit';
    case 'ROLLBACK':
      return head.startsWith('ROLLBACK TO') ? 'savepoint' : 'rollback';
    case 'SAVEPOINT':
    case 'RELEASE':
      return 'savepoint';
    case 'CREATE':
    case 'ALTER':
    case 'DROP':
    case 'TRUNCATE':
    case 'COMMENT':
      return 'ddl';
    default:
      return 'other';
  }
}
