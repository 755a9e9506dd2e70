import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { EventEnvelope } from '@slotline/contracts';
import { initTracing, Metrics, type TracingHandle, wrapQueryRunnerTiming } from '@slotline/observability';
import { isInTransaction } from '@slotline/persistence';
import { sampleValue } from '@slotline/testing';
import { v7 as uuidv7 } from 'uuid';
import { InboxConsumer } from './inbox-consumer';
import { inboxBeginStatement } from './inbox-transaction';
import { EventsTestContext, RecordingLogger } from './testing/events-test-context';
import { PROBE_EVENTS } from './testing/probe-events';

const TYPE = PROBE_EVENTS.happened.type;

/** The inbox's transactions run on the pg pool: what handlers, operators and traces see is as before. */
describe(`${InboxConsumer.name} transactions`, () => {
  const ctx = new EventsTestContext();
  const spans = new InMemorySpanExporter();
  const metrics = new Metrics({ service: 'inbox-tx-spec', collectDefault: false });
  let tracing: TracingHandle;
  let consumer: InboxConsumer | null = null;
  let durable: string;

  const count = async (operation: string) =>
    sampleValue((await metrics.render()).body, 'db_query_duration_seconds_count', {
      operation,
      outcome: 'ok',
    });

  function anEnvelope(): EventEnvelope {
    return {
      id: uuidv7(),
      type: TYPE,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      data: { id: 'p1' },
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
  }

  beforeAll(async () => {
    tracing = initTracing({ serviceName: 'inbox-tx-spec', spanProcessors: [new SimpleSpanProcessor(spans)] });
    await ctx.setUp();
    wrapQueryRunnerTiming(ctx.dataSource, metrics);
  });
  beforeEach(() => {
    durable = `inbox_tx_${uuidv7().slice(-12)}`;
    spans.reset();
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = null;
  });
  afterAll(async () => {
    await ctx.tearDown();
    await tracing.shutdown();
  });

  it("times and traces the transaction's statements, the begin and the inbox row as one message", async () => {
    const envelope = anEnvelope();
    const before = {
      begin: await count('begin'),
      insert: await count('insert'),
      commit: await count('commit'),
    };
    let inTransaction: boolean | null = null;
    consumer = new InboxConsumer({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      nc: ctx.nc,
      stream: ctx.stream,
      durable,
      filterSubjects: [`${ctx.subjectPrefix}evt.probe.>`],
      handler: async (event, tx) => {
        inTransaction = isInTransaction(tx);
        await ctx.recordEffect(tx, event.id);
      },
      logger: new RecordingLogger(),
    });
    await consumer.start();

    await ctx.nc.jetstream().publish(ctx.subject(TYPE), JSON.stringify(envelope), { msgID: envelope.id });
    await ctx.waitUntilSettled(durable);

    expect(inTransaction).toBe(true);
    expect(await ctx.effects()).toEqual({ [envelope.id]: 1 });
    const [inbox] = await ctx.dataSource.query(
      `SELECT event_id FROM "${ctx.schema}".inbox WHERE consumer = $1`,
      [durable],
    );
    expect(inbox).toEqual({ event_id: envelope.id });
    expect(await count('begin')).toBe(before.begin + 1);
    expect(await count('insert')).toBe(before.insert + 1);
    expect(await count('commit')).toBe(before.commit + 1);
    const finished = spans.getFinishedSpans();
    const consume = finished.find((s) => s.name === `consume ${TYPE}`);
    expect(consume?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(
      finished
        .filter((s) => s.parentSpanContext?.spanId === consume?.spanContext().spanId)
        .map((s) => s.name),
    ).toEqual(['db.begin', 'db.insert', 'db.commit']);
  });

  it('writes the consumer name and the ids into the begin message only as quoted, checked literals', () => {
    const table = { dataSource: ctx.dataSource, schema: ctx.schema, durable: "o'brien" };
    const id = uuidv7();

    expect(inboxBeginStatement(table, [id])).toContain(`SELECT 'o''brien', id FROM unnest(ARRAY['${id}']`);
    expect(() => inboxBeginStatement(table, [`${id}'; DROP TABLE x; --`])).toThrow('Not a UUID');
    expect(() => inboxBeginStatement(table, [])).toThrow();
  });
});
