import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SUPERUSER_TEST_URL, sampleValue } from '@slotline/testing';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';
import { classifyQuery, wrapQueryRunnerTiming } from './query-timing';
import { currentTraceIds, initTracing, withSpan, type TracingHandle } from './tracing';

function countOf(body: string, operation: string, outcome: string): number {
  return sampleValue(body, 'db_query_duration_seconds_count', { operation, outcome });
}

describe(wrapQueryRunnerTiming.name, () => {
  let dataSource: DataSource;
  let metrics: Metrics;
  let tracing: TracingHandle;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = initTracing({
      serviceName: 'query-timing-spec',
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    metrics = new Metrics({ service: 'query-timing-spec', collectDefault: false });
    dataSource = wrapQueryRunnerTiming(
      new DataSource({
        type: 'postgres',
        url: SUPERUSER_TEST_URL,
        poolSize: 2,
      }),
      metrics,
    );
    wrapQueryRunnerTiming(dataSource, metrics); // a second call must not double-count
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await tracing.shutdown();
  });

  it('times queries of the data source by operation and outcome', async () => {
    const before = (await metrics.render()).body;

    await dataSource.query('SELECT 1');
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 2');
    });
    await expect(dataSource.query('SELECT * FROM no_such_table_for_timing')).rejects.toThrow();

    const after = (await metrics.render()).body;
    expect(countOf(after, 'select', 'ok') - countOf(before, 'select', 'ok')).toBe(2);
    expect(countOf(after, 'begin', 'ok') - countOf(before, 'begin', 'ok')).toBe(1);
    expect(countOf(after, 'commit', 'ok') - countOf(before, 'commit', 'ok')).toBe(1);
    expect(countOf(after, 'select', 'error') - countOf(before, 'select', 'error')).toBe(1);
  });

  it('traces queries as client spans of the active trace, and only inside one', async () => {
    spans.reset();
    await dataSource.query('SELECT 1');
    const outer = await withSpan('request', async () => {
      await dataSource.query('SELECT 1 AS ok');
      return currentTraceIds();
    });

    const dbSpans = spans.getFinishedSpans().filter((span) => span.name.startsWith('db.'));
    expect(dbSpans).toHaveLength(1);
    expect(dbSpans[0]).toMatchObject({ name: 'db.select', kind: SpanKind.CLIENT });
    expect(dbSpans[0].spanContext().traceId).toBe(outer!.trace_id);
    expect(dbSpans[0].parentSpanContext?.spanId).toBe(outer!.span_id);
  });
});

describe(classifyQuery.name, () => {
  it.each([
    ['  select * from t', 'select'],
    ['INSERT INTO t VALUES (1)', 'insert'],
    ['START TRANSACTION', 'begin'],
    ['ROLLBACK TO SAVEPOINT typeorm_1', 'savepoint'],
    ['ROLLBACK', 'rollback'],
    ['CREATE TABLE t (id int)', 'ddl'],
    ['WITH c AS (SELECT 1) UPDATE t SET x = 1', 'other'],
  ])('%s → %s', (sql, expected) => {
    expect(classifyQuery(sql)).toBe(expected);
  });
});
