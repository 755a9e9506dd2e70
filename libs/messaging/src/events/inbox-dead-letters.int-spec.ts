import type { EventEnvelope } from '@slotline/contracts';
import { Metrics } from '@slotline/observability';
import { v7 as uuidv7 } from 'uuid';
import { InboxConsumer } from './inbox-consumer';
import { InboxDeadLetters } from './inbox-dead-letters';
import { EventsTestContext, RecordingLogger, waitFor } from './testing/events-test-context';
import { PROBE_EVENTS } from './testing/probe-events';

const TYPE = PROBE_EVENTS.happened.type;

describe(InboxDeadLetters.name, () => {
  const ctx = new EventsTestContext();
  let consumer: InboxConsumer | null = null;
  let durable: string;
  let logger: RecordingLogger;
  let metrics: Metrics;
  let handled: EventEnvelope[];

  function anEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
    return {
      id: uuidv7(),
      type: TYPE,
      occurred_at: new Date().toISOString(),
      producer: 'probe',
      data: { n: 1 },
      ...overrides,
    };
  }

  async function publish(envelope: EventEnvelope): Promise<void> {
    await ctx.nc
      .jetstream()
      .publish(ctx.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.id });
  }

  async function start(overrides: { maxDeliver?: number; failing?: boolean } = {}): Promise<void> {
    consumer = new InboxConsumer({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      nc: ctx.nc,
      stream: ctx.stream,
      durable,
      filterSubjects: [`${ctx.subjectPrefix}evt.>`],
      backoffMs: [20],
      maxDeliver: overrides.maxDeliver,
      logger,
      metrics,
      handler: async (event, manager) => {
        if (overrides.failing) throw new Error('handler is broken');
        handled.push(event);
        await ctx.recordEffect(manager, event.id);
      },
    });
    await consumer.start();
  }

  async function deadLetters(): Promise<
    {
      event_id: string | null;
      event_type: string | null;
      reason: string;
      problems: string[];
      payload: string;
    }[]
  > {
    return ctx.dataSource.query(
      `SELECT event_id, event_type, reason, problems, payload FROM "${ctx.schema}".inbox_dead_letters
       WHERE consumer = $1 ORDER BY stream_seq`,
      [durable],
    );
  }

  async function counted(reason: string): Promise<number> {
    const metric = await metrics.registry.getSingleMetric('inbox_dead_letters_total')!.get();
    return metric.values.find((v) => v.labels.durable === durable && v.labels.reason === reason)?.value ?? 0;
  }

  beforeAll(() => ctx.setUp());
  beforeEach(async () => {
    durable = `dl_t_${uuidv7().slice(-12)}`;
    logger = new RecordingLogger();
    metrics = new Metrics({ service: 'probe', collectDefault: false });
    handled = [];
    await (await ctx.nc.jetstreamManager()).streams.purge(ctx.stream);
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = null;
  });
  afterAll(() => ctx.tearDown());

  it('dead-letters invalid data and an unknown type at once, stores and counts them, and the next event flows', async () => {
    const invalid = anEnvelope({ data: { n: 'seven' } });
    const unknown = anEnvelope({ type: 'evt.probe.thing.vanished.v1' });
    const good = anEnvelope({ data: { n: 2, id: 'after' } });
    for (const e of [invalid, unknown, good]) await publish(e);

    await start();

    await waitFor(() => handled.length === 1, 'the good event');
    await ctx.waitUntilSettled(durable);
    expect(handled).toEqual([good]);
    expect(await ctx.effects()).toEqual({ [good.id]: 1 });
    const rows = await deadLetters();
    expect(rows.map(({ payload, ...r }) => ({ ...r, payload: JSON.parse(payload) }))).toEqual([
      {
        event_id: invalid.id,
        event_type: TYPE,
        reason: 'invalid_data',
        problems: ['n: isInt'],
        payload: invalid,
      },
      {
        event_id: unknown.id,
        event_type: 'evt.probe.thing.vanished.v1',
        reason: 'unknown_type',
        problems: ['event type evt.probe.thing.vanished.v1 is not registered'],
        payload: unknown,
      },
    ]);
    expect(await counted('invalid_data')).toBe(1);
    expect(await counted('unknown_type')).toBe(1);
    expect(logger.events('inbox_invalid_event').map((e) => e.obj.event_id)).toEqual([invalid.id, unknown.id]);
    // Terminated, not parked: nothing is left for the server to redeliver.
    const info = await ctx.consumerInfo(durable);
    expect(info.num_ack_pending + info.num_redelivered).toBe(0);
    const { body } = await metrics.render();
    expect(body).toContain(
      `inbox_dead_letters_total{durable="${durable}",reason="invalid_data",service="probe"} 1`,
    );
  });

  it('stores a malformed envelope and a handler failure on its last delivery as dead letters', async () => {
    await ctx.nc.jetstream().publish(ctx.subject(TYPE), 'not json');
    const failing = anEnvelope();
    await publish(failing);

    await start({ maxDeliver: 2, failing: true });

    await waitFor(async () => (await deadLetters()).length === 2, 'two dead letters');
    await ctx.waitUntilSettled(durable);
    const rows = await deadLetters();
    expect(rows.map((r) => [r.reason, r.event_id])).toEqual([
      ['malformed_envelope', null],
      ['handler_failed', failing.id],
    ]);
    expect(rows[0]).toMatchObject({ payload: 'not json', problems: ['payload is not JSON'] });
    expect(rows[1].problems).toEqual(['handler is broken']);
    expect(await counted('malformed_envelope')).toBe(1);
    expect(await counted('handler_failed')).toBe(1);
  });
});
