import type { EventEnvelope } from '@slotline/contracts';
import { v7 as uuidv7 } from 'uuid';
import { EventHandler, InboxConsumer } from './inbox-consumer';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { EventsTestContext, RecordingLogger, waitFor } from './testing/events-test-context';
import { PROBE_EVENTS, ProbeEventMap } from './testing/probe-events';

const TYPE = PROBE_EVENTS.happened.type;

describe(InboxConsumer.name, () => {
  const ctx = new EventsTestContext();
  const consumers: InboxConsumer[] = [];
  let durable: string;
  let logger: RecordingLogger;

  function anEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
    return {
      id: uuidv7(),
      type: TYPE,
      occurred_at: new Date().toISOString(),
      producer: 'payouts',
      data: { id: 'p1' },
      ...overrides,
    };
  }

  async function publish(envelope: unknown, msgID: string): Promise<void> {
    await ctx.nc.jetstream().publish(ctx.subject(TYPE), JSON.stringify(envelope), { msgID });
  }

  async function startConsumer(
    handler: EventHandler,
    overrides: Partial<ConstructorParameters<typeof InboxConsumer>[0]> = {},
  ): Promise<InboxConsumer> {
    const consumer = new InboxConsumer({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      nc: ctx.nc,
      stream: ctx.stream,
      durable,
      filterSubjects: [`${ctx.subjectPrefix}evt.probe.>`],
      handler,
      backoffMs: [20],
      logger,
      ...overrides,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  const recordingHandler: EventHandler = (event, manager) => ctx.recordEffect(manager, event.id);

  beforeAll(() => ctx.setUp());
  beforeEach(async () => {
    durable = `inbox_t_${uuidv7().slice(-12)}`;
    logger = new RecordingLogger();
    await ctx.dataSource.query(`TRUNCATE "${ctx.schema}".effects, "${ctx.schema}".outbox`);
    await (await ctx.nc.jetstreamManager()).streams.purge(ctx.stream);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });
  afterAll(() => ctx.tearDown());

  it('delivers an event from the outbox to the handler once, through a relay restarted after a crash', async () => {
    const writer = new OutboxWriter<ProbeEventMap>({ schema: ctx.schema, producer: 'payouts' });
    const envelope = await ctx.dataSource.transaction((m) =>
      writer.enqueue(m, { type: TYPE, data: { id: 'p2' } }),
    );
    // The crashed relay got its PubAck but died before writing published_at.
    await publish(envelope, envelope.id);
    const received: EventEnvelope[] = [];
    await startConsumer(async (event, manager) => {
      received.push(event);
      await ctx.recordEffect(manager, event.id);
    });

    expect(
      await new OutboxRelay({
        dataSource: ctx.dataSource,
        schema: ctx.schema,
        nc: ctx.nc,
        subjectPrefix: ctx.subjectPrefix,
      }).flushOnce(),
    ).toBe(1);

    await ctx.waitUntilSettled(durable);
    expect(received).toEqual([envelope]);
    expect(await ctx.streamMessages()).toBe(1);
    expect(await ctx.effects()).toEqual({ [envelope.id]: 1 });
  });

  it('has one effect for an event delivered twice past the duplicate window', async () => {
    const envelope = anEnvelope();
    await publish(envelope, `${envelope.id}-a`);
    await publish(envelope, `${envelope.id}-b`);

    await startConsumer(recordingHandler);

    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual({ [envelope.id]: 1 });
    expect(logger.events('inbox_duplicate')).toHaveLength(1);
    const [inbox] = await ctx.dataSource.query(
      `SELECT consumer, event_id FROM "${ctx.schema}".inbox WHERE consumer = $1`,
      [durable],
    );
    expect(inbox).toEqual({ consumer: durable, event_id: envelope.id });
  });

  it('keeps the inbox per consumer, so two consumers each handle the event once', async () => {
    const envelope = anEnvelope();
    await publish(envelope, envelope.id);
    const first = durable;
    const second = `${durable}_b`;

    await startConsumer(recordingHandler);
    await startConsumer(recordingHandler, { durable: second });

    await ctx.waitUntilSettled(first);
    await ctx.waitUntilSettled(second);
    expect(await ctx.effects()).toEqual({ [envelope.id]: 2 });
  });

  it('retries a handler that fails once, rolling back its partial writes', async () => {
    const envelope = anEnvelope();
    await publish(envelope, envelope.id);
    const deliveries: number[] = [];

    await startConsumer(async (event, manager) => {
      await ctx.recordEffect(manager, event.id);
      deliveries.push(deliveries.length + 1);
      if (deliveries.length === 1) throw new Error('downstream hiccup');
    });

    await waitFor(async () => (await ctx.effects())[envelope.id] !== undefined, 'the retry to succeed');
    await ctx.waitUntilSettled(durable);
    expect(deliveries).toEqual([1, 2]);
    expect(await ctx.effects()).toEqual({ [envelope.id]: 1 });
    expect(logger.events('inbox_retry')).toEqual([
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ event_id: envelope.id, delay_ms: 20 }),
      }),
    ]);
  });

  it('dead-letters an event whose handler fails on every allowed delivery', async () => {
    const envelope = anEnvelope();
    await publish(envelope, envelope.id);
    let calls = 0;

    await startConsumer(
      async () => {
        calls++;
        throw new Error('always broken');
      },
      { maxDeliver: 3 },
    );

    await waitFor(() => logger.events('inbox_dead_letter').length === 1, 'the dead letter');
    await ctx.waitUntilSettled(durable);
    expect(calls).toBe(3);
    expect(logger.events('inbox_dead_letter')[0]).toMatchObject({
      level: 'error',
      obj: { event_id: envelope.id, delivery: 3 },
    });
    const inbox = await ctx.dataSource.query(`SELECT 1 FROM "${ctx.schema}".inbox WHERE consumer = $1`, [
      durable,
    ]);
    expect(inbox).toEqual([]);
  });

  it('terminates a malformed envelope without running the handler and carries on', async () => {
    await ctx.nc.jetstream().publish(ctx.subject(TYPE), 'not json');
    await publish({ ...anEnvelope(), id: 'nope' }, uuidv7());
    const good = anEnvelope();
    await publish(good, good.id);

    await startConsumer(recordingHandler);

    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual({ [good.id]: 1 });
    expect(logger.events('inbox_malformed_event').map((e) => e.obj.problems)).toEqual([
      ['payload is not JSON'],
      ['id must be a UUID'],
    ]);
  });

  it('handles a backlog in shared transactions, in stream order, each event once', async () => {
    const envelopes = Array.from({ length: 25 }, () => anEnvelope());
    for (const envelope of envelopes) await publish(envelope, envelope.id);
    const seen: Array<{ id: string; tx: string }> = [];

    await startConsumer(async (event, manager) => {
      const [{ tx }]: Array<{ tx: string }> = await manager.query('SELECT txid_current()::text AS tx');
      seen.push({ id: event.id, tx });
      await ctx.recordEffect(manager, event.id);
    });

    await ctx.waitUntilSettled(durable);
    expect(seen.map((s) => s.id)).toEqual(envelopes.map((e) => e.id));
    expect(await ctx.effects()).toEqual(Object.fromEntries(envelopes.map((e) => [e.id, 1])));
    expect(new Set(seen.map((s) => s.tx)).size).toBeLessThan(envelopes.length);
    const inbox: unknown[] = await ctx.dataSource.query(
      `SELECT event_id FROM "${ctx.schema}".inbox WHERE consumer = $1`,
      [durable],
    );
    expect(inbox).toHaveLength(envelopes.length);
  });

  it('rolls back a shared transaction whose handler fails, then settles each of its events alone', async () => {
    const envelopes = Array.from({ length: 6 }, () => anEnvelope());
    for (const envelope of envelopes) await publish(envelope, envelope.id);
    const failing = envelopes[3].id;
    let failed = false;

    await startConsumer(async (event, manager) => {
      await ctx.recordEffect(manager, event.id);
      if (event.id === failing && !failed) {
        failed = true;
        throw new Error('downstream hiccup');
      }
    });

    await waitFor(async () => (await ctx.effects())[failing] !== undefined, 'the retry to succeed');
    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual(Object.fromEntries(envelopes.map((e) => [e.id, 1])));
    expect(logger.events('inbox_retry')).toEqual([
      expect.objectContaining({ obj: expect.objectContaining({ event_id: failing, delivery: 1 }) }),
    ]);
    expect(logger.events('inbox_duplicate')).toEqual([]);
  });

  it('gives a backlog to the batch handler in stream order, each event once', async () => {
    const envelopes = Array.from({ length: 25 }, () => anEnvelope());
    for (const envelope of envelopes) await publish(envelope, envelope.id);
    const batches: string[][] = [];
    const alone: string[] = [];

    await startConsumer(
      async (event, tx) => {
        alone.push(event.id);
        await ctx.recordEffect(tx, event.id);
      },
      {
        batchHandler: async (events, tx) => {
          batches.push(events.map((e) => e.id));
          for (const event of events) await ctx.recordEffect(tx, event.id);
        },
      },
    );

    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual(Object.fromEntries(envelopes.map((e) => [e.id, 1])));
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((batch) => batch.length > 1)).toBe(true);
    const handled = [...batches.flat(), ...alone];
    expect(handled.sort()).toEqual(envelopes.map((e) => e.id).sort());
    expect(batches.flat()).toEqual(envelopes.map((e) => e.id).filter((id) => !alone.includes(id)));
  });

  it('hands each event of a failed batch to the handler alone: a poison event is dead-lettered, its neighbours commit once', async () => {
    const envelopes = Array.from({ length: 8 }, () => anEnvelope());
    const poison = envelopes[4].id;
    for (const envelope of envelopes) await publish(envelope, envelope.id);
    let batchCalls = 0;

    await startConsumer(
      async (event, tx) => {
        if (event.id === poison) throw new Error('poison');
        await ctx.recordEffect(tx, event.id);
      },
      {
        maxDeliver: 2,
        batchHandler: async (events, tx) => {
          batchCalls++;
          // Writes before the failure roll back with the batch.
          for (const event of events) {
            if (event.id === poison) throw new Error('poison');
            await ctx.recordEffect(tx, event.id);
          }
        },
      },
    );

    await waitFor(() => logger.events('inbox_dead_letter').length === 1, 'the dead letter');
    await ctx.waitUntilSettled(durable);
    expect(batchCalls).toBeGreaterThan(0);
    expect(await ctx.effects()).toEqual(
      Object.fromEntries(envelopes.filter((e) => e.id !== poison).map((e) => [e.id, 1])),
    );
    expect(logger.events('inbox_retry').map((e) => e.obj.event_id)).toEqual([poison]);
    expect(logger.events('inbox_dead_letter')[0]).toMatchObject({ obj: { event_id: poison, delivery: 2 } });
    expect(logger.events('inbox_duplicate')).toEqual([]);
  });

  it('stops promptly in the middle of a backlog, and a restart handles what was left, each event once', async () => {
    const envelopes = Array.from({ length: 60 }, () => anEnvelope());
    for (const envelope of envelopes) await publish(envelope, envelope.id);
    const slowHandler: EventHandler = async (event, manager) => {
      await new Promise((resolve) => setTimeout(resolve, 25));
      await ctx.recordEffect(manager, event.id);
    };
    const first = await startConsumer(slowHandler, { ackWaitMs: 1_000 });
    await waitFor(async () => Object.keys(await ctx.effects()).length > 0, 'the first batch to commit');

    const stopped = await Promise.race([
      first.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still stopping after 10 s'), 10_000)),
    ]);
    expect(stopped).toBe('stopped');
    expect(Object.keys(await ctx.effects()).length).toBeLessThan(envelopes.length);

    await startConsumer(slowHandler, { ackWaitMs: 1_000 });
    await waitFor(async () => Object.keys(await ctx.effects()).length === envelopes.length, 'every event');
    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual(Object.fromEntries(envelopes.map((e) => [e.id, 1])));
  }, 60_000);

  it('resumes where it stopped after a restart with the same durable name', async () => {
    const before = anEnvelope();
    await publish(before, before.id);
    const first = await startConsumer(recordingHandler);
    await ctx.waitUntilSettled(durable);
    await first.stop();
    const after = anEnvelope();
    await publish(after, after.id);

    await startConsumer(recordingHandler);

    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual({ [before.id]: 1, [after.id]: 1 });
  });

  it('takes several filter subjects on servers that support them and refuses them on older ones', async () => {
    const other = PROBE_EVENTS.other.type;
    const a = anEnvelope();
    const b = anEnvelope({ type: other });
    await publish(a, a.id);
    await ctx.nc.jetstream().publish(ctx.subject(other), JSON.stringify(b), { msgID: b.id });
    const filterSubjects = [ctx.subject(TYPE), ctx.subject(other)];
    const [major, minor] = (ctx.nc.info?.version ?? '0.0').split('.').map(Number);

    if (major === 2 && minor < 10) {
      await expect(startConsumer(recordingHandler, { filterSubjects })).rejects.toMatchObject({
        code: 'SYS_INTERNAL',
      });
      return;
    }
    await startConsumer(recordingHandler, { filterSubjects });
    await ctx.waitUntilSettled(durable);
    expect(await ctx.effects()).toEqual({ [a.id]: 1, [b.id]: 1 });
  });
});
