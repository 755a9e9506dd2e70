import { TransactionRunner } from '@slotline/persistence';
import type { StoredMsg } from 'nats';
import { EVENT_HEADERS } from './event-headers';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { EventsTestContext, RecordingLogger, waitFor } from './testing/events-test-context';
import { PROBE_EVENTS, ProbeData, ProbeEventMap } from './testing/probe-events';

const TYPE = PROBE_EVENTS.happened.type;

describe(OutboxRelay.name, () => {
  const ctx = new EventsTestContext();
  let writer: OutboxWriter<ProbeEventMap>;
  const relays: OutboxRelay[] = [];

  function newRelay(overrides: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      nc: ctx.nc,
      subjectPrefix: ctx.subjectPrefix,
      ...overrides,
    });
    relays.push(relay);
    return relay;
  }

  async function enqueueCommitted(
    count = 1,
    data: (i: number) => ProbeData = (i) => ({ n: i }),
  ): Promise<string[]> {
    return ctx.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push((await writer.enqueue(manager, { type: TYPE, data: data(i) })).id);
      return ids;
    });
  }

  async function readStream(): Promise<StoredMsg[]> {
    const jsm = await ctx.nc.jetstreamManager();
    const { state } = await jsm.streams.info(ctx.stream);
    const msgs: StoredMsg[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      msgs.push(await jsm.streams.getMessage(ctx.stream, { seq }));
    }
    return msgs;
  }

  beforeAll(() => ctx.setUp());
  beforeEach(async () => {
    writer = new OutboxWriter<ProbeEventMap>({ schema: ctx.schema, producer: 'scheduling' });
    await ctx.dataSource.query(`TRUNCATE "${ctx.schema}".outbox`);
    const jsm = await ctx.nc.jetstreamManager();
    await jsm.streams.purge(ctx.stream);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(() => ctx.tearDown());

  it('publishes a committed event with Nats-Msg-Id = event id, its headers and the prefixed subject', async () => {
    const envelope = await ctx.dataSource.transaction((manager) =>
      writer.enqueue(manager, {
        type: TYPE,
        data: { id: 'a1' },
        actor: { user_id: 'u1', role: 'provider' },
        request_id: 'req-42',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      }),
    );
    const sut = newRelay();

    expect(await sut.flushOnce()).toBe(1);

    const [msg] = await readStream();
    expect(msg.subject).toBe(ctx.subject(TYPE));
    expect(msg.header.get('Nats-Msg-Id')).toBe(envelope.id);
    expect(msg.header.get(EVENT_HEADERS.traceparent)).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(msg.header.get(EVENT_HEADERS.requestId)).toBe('req-42');
    expect(JSON.parse(Buffer.from(msg.data).toString())).toEqual({ ...envelope, idempotency_key: null });
    expect(envelope).toMatchObject({ producer: 'scheduling', actor: { user_id: 'u1', role: 'provider' } });
    const [row] = await ctx.outboxRows();
    expect(row.published_at).toBeInstanceOf(Date);
    expect(await sut.flushOnce()).toBe(0);
  });

  it('publishes nothing when the caller rolls back its transaction', async () => {
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        await writer.enqueue(manager, { type: TYPE, data: {} });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const sut = newRelay();

    expect(await sut.flushOnce()).toBe(0);
    expect(await ctx.outboxRows()).toEqual([]);
    expect(await ctx.streamMessages()).toBe(0);
  });

  it('refuses to write outside a transaction or with a bad type or id', async () => {
    await expect(writer.enqueue(ctx.dataSource.manager, { type: TYPE, data: {} })).rejects.toMatchObject({
      code: 'SYS_INTERNAL',
    });
    await expect(
      ctx.dataSource.transaction((m) =>
        writer.enqueue(m, { type: 'scheduling.confirmed' as typeof TYPE, data: {} }),
      ),
    ).rejects.toMatchObject({
      code: 'SYS_INTERNAL',
    });
    await expect(
      ctx.dataSource.transaction((m) => writer.enqueue(m, { type: TYPE, data: {}, id: 'abc' })),
    ).rejects.toMatchObject({
      code: 'SYS_INTERNAL',
    });
    expect(await ctx.outboxRows()).toEqual([]);
  });

  it('refuses an event type nobody declared, or data that breaks its class, naming the field', async () => {
    const unknown = 'evt.probe.thing.vanished.v1' as typeof TYPE;

    await expect(
      ctx.dataSource.transaction((m) => writer.enqueue(m, { type: unknown, data: {} })),
    ).rejects.toMatchObject({ code: 'SYS_INTERNAL', message: expect.stringContaining('is not registered') });
    await expect(
      ctx.dataSource.transaction((m) =>
        writer.enqueue(m, { type: TYPE, data: { n: 'seven' } as unknown as ProbeData }),
      ),
    ).rejects.toMatchObject({ code: 'SYS_INTERNAL', message: expect.stringContaining('n: isInt') });
    expect(await ctx.outboxRows()).toEqual([]);
  });

  it("writes a change's events in order through a TransactionRunner, and publishes them in that order", async () => {
    const tx = new TransactionRunner(ctx.dataSource);
    const written = await tx.run((m) =>
      writer.enqueueMany(m, [
        { type: TYPE, data: { n: 1 } },
        { type: TYPE, data: { n: 2 } },
        { type: TYPE, data: { n: 3 } },
      ]),
    );
    const sut = newRelay();

    expect(await sut.flushOnce()).toBe(3);

    const published = (await readStream()).map((m) => JSON.parse(Buffer.from(m.data).toString()));
    expect(published).toEqual(written.map((e) => ({ ...e, idempotency_key: null })));
    expect(published.map((e) => e.data.n)).toEqual([1, 2, 3]);
  });

  it('writes none of the events when one of them is invalid, and none outside a transaction', async () => {
    const tx = new TransactionRunner(ctx.dataSource);

    await expect(
      tx.run((m) =>
        writer.enqueueMany(m, [
          { type: TYPE, data: { n: 1 } },
          { type: TYPE, data: { n: 'two' } as unknown as ProbeData },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'SYS_INTERNAL', message: expect.stringContaining('n: isInt') });
    await expect(
      tx.read((db) => writer.enqueueMany(db, [{ type: TYPE, data: { n: 1 } }])),
    ).rejects.toMatchObject({ code: 'SYS_INTERNAL' });
    expect(await ctx.outboxRows()).toEqual([]);
  });

  it('publishes rows left by a relay that stopped before publishing them', async () => {
    const [id] = await enqueueCommitted();
    const crashed = newRelay();
    crashed.start();
    await crashed.stop();
    const sut = newRelay({ pollIntervalMs: 20 });

    sut.start();

    await waitFor(async () => (await ctx.outboxRows())[0].published_at !== null, 'the row to be published');
    const [msg] = await readStream();
    expect(msg.header.get('Nats-Msg-Id')).toBe(id);
    expect(await ctx.streamMessages()).toBe(1);
  });

  it('keeps publishing, in order, what is committed after it fell idle', async () => {
    const sut = newRelay({ pollIntervalMs: 10 });
    sut.start();
    const first = await enqueueCommitted(2);
    await waitFor(
      async () => (await ctx.outboxRows()).every((r) => r.published_at !== null),
      'the first rows',
    );
    // Several empty polls: the relay now only asks whether anything waits.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const later = await enqueueCommitted(3);

    await waitFor(
      async () => (await ctx.outboxRows()).every((r) => r.published_at !== null),
      'the later rows',
    );
    const msgs = await readStream();
    expect(msgs.map((m) => m.header.get('Nats-Msg-Id'))).toEqual([...first, ...later]);
  });

  it('is woken by its writer once the transaction commits: the event leaves without waiting for the poll', async () => {
    const sut = newRelay({ pollIntervalMs: 60_000 });
    const wired = new OutboxWriter<ProbeEventMap>({
      schema: ctx.schema,
      producer: 'scheduling',
      onCommitted: () => sut.wake(),
    });
    const tx = new TransactionRunner(ctx.dataSource);
    sut.start();
    // The poll at start finds nothing; the next is a minute away.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [unwired] = await tx.run((m) => writer.enqueueMany(m, [{ type: TYPE, data: { n: 1 } }]));
    await expect(
      tx.run(async (m) => {
        await wired.enqueue(m, { type: TYPE, data: { n: 0 } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ctx.streamMessages()).toBe(0);

    const [woken] = await tx.run((m) => wired.enqueueMany(m, [{ type: TYPE, data: { n: 2 } }]));

    await waitFor(async () => (await ctx.streamMessages()) === 2, 'both rows to be published', 5_000);
    const msgs = await readStream();
    expect(msgs.map((m) => m.header.get('Nats-Msg-Id'))).toEqual([unwired.id, woken.id]);
  });

  it('does not store an event twice when a crashed relay had published it but not marked it', async () => {
    const [id] = await enqueueCommitted();
    const [{ envelope }] = await ctx.dataSource.query(`SELECT envelope FROM "${ctx.schema}".outbox`);
    await ctx.nc.jetstream().publish(ctx.subject(TYPE), JSON.stringify(envelope), { msgID: id });
    const logger = new RecordingLogger();
    const sut = newRelay({ logger });

    expect(await sut.flushOnce()).toBe(1);

    expect(await ctx.streamMessages()).toBe(1);
    expect((await ctx.outboxRows())[0].published_at).not.toBeNull();
    expect(logger.events('outbox_duplicate')).toHaveLength(1);
  });

  it('records the first failure once when no row can be published, and publishes in order once it can', async () => {
    const ids = await enqueueCommitted(3);
    const logger = new RecordingLogger();
    const sut = newRelay({ subjectPrefix: `nostream_${ctx.suffix}.`, logger });

    expect(await sut.flushOnce()).toBe(0);

    const rows = await ctx.outboxRows();
    expect(rows.map((r) => [r.attempts, r.published_at])).toEqual([
      [1, null],
      [0, null],
      [0, null],
    ]);
    expect(rows[0].last_error).toEqual(expect.any(String));
    expect(logger.events('outbox_publish_failed')).toHaveLength(1);
    expect(await newRelay().flushOnce()).toBe(3);
    expect((await readStream()).map((m) => m.header.get('Nats-Msg-Id'))).toEqual(ids);
  });

  it('sends a batch at once; after a row fails, goes one row at a time until a batch goes through whole', async () => {
    const [first, failing, third] = await enqueueCommitted(3);
    // No stream takes this subject: its publish fails, the rows around it do not.
    const setSubject = (subject: string) =>
      ctx.dataSource.query(`UPDATE "${ctx.schema}".outbox SET subject = $2 WHERE id = $1`, [
        failing,
        subject,
      ]);
    await setSubject('nowhere.probe');
    const logger = new RecordingLogger();
    const sut = newRelay({ logger });
    const attempts = async () =>
      (await ctx.outboxRows()).map((r) => [r.id, r.attempts, r.published_at !== null]);

    // Sent at once: the rows the stream took are marked, the failing one recorded.
    expect(await sut.flushOnce()).toBe(2);
    expect(await attempts()).toEqual([
      [first, 0, true],
      [failing, 1, false],
      [third, 0, true],
    ]);
    // One at a time now, so a row behind a failing one waits for it.
    const fourth = (await enqueueCommitted(1))[0];
    expect(await sut.flushOnce()).toBe(0);
    expect(await attempts()).toEqual([
      [first, 0, true],
      [failing, 2, false],
      [third, 0, true],
      [fourth, 0, false],
    ]);

    await setSubject(TYPE);
    expect(await sut.flushOnce()).toBe(2);

    // Each stored once; the third ahead of the row that failed: the one case of events out of id order.
    expect((await readStream()).map((m) => m.header.get('Nats-Msg-Id'))).toEqual([
      first,
      third,
      failing,
      fourth,
    ]);
    expect(logger.events('outbox_duplicate')).toEqual([]);
    expect(logger.events('outbox_publish_failed')).toHaveLength(2);
  });

  it('reports the backlog and purges published rows', async () => {
    await enqueueCommitted(2);
    const sut = newRelay();

    const before = await sut.lag();
    await sut.flushOnce();
    const after = await sut.lag();

    expect(before.pending).toBe(2);
    expect(before.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(after).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    expect(await sut.purgePublished(new Date(Date.now() + 60_000))).toBe(2);
    expect(await ctx.outboxRows()).toEqual([]);
  });

  it('publishes each row exactly once with two relays on the same table', async () => {
    const seen: string[] = [];
    // A plain subscription sees every publish, including ones JetStream would drop as duplicates.
    const sub = ctx.nc.subscribe(`${ctx.subjectPrefix}evt.>`, {
      callback: (_err, msg) => seen.push(msg.headers?.get('Nats-Msg-Id') ?? ''),
    });
    const ids = await enqueueCommitted(60);
    const a = newRelay({ batchSize: 7, pollIntervalMs: 5 });
    const b = newRelay({ batchSize: 7, pollIntervalMs: 5 });

    a.start();
    b.start();
    await waitFor(async () => (await a.lag()).pending === 0, 'the outbox to drain');
    await Promise.all([a.stop(), b.stop()]);
    await ctx.nc.flush();
    sub.unsubscribe();

    expect(seen).toHaveLength(60);
    expect(seen).toEqual(ids);
    expect(await ctx.streamMessages()).toBe(60);
  });
});
