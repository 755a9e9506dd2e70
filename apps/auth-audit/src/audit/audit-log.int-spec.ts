import { EventEnvelope } from '@slotline/contracts';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_CONSUMER_DURABLE, AuditEventsConsumer } from './audit-events.consumer';
import { AuditLogTestContext, waitFor } from './audit-log.fixture';
import { AuditLogService } from './audit-log.service';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function event(type: string, data: unknown, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    occurred_at: new Date().toISOString(),
    producer: 'test',
    actor: null,
    request_id: null,
    traceparent: null,
    data,
    ...overrides,
  };
}

describe(AuditLogService.name, () => {
  const ctx = new AuditLogTestContext();
  let sut: AuditLogService;
  let consumer: AuditEventsConsumer;

  async function publish(e: EventEnvelope, msgID = e.id): Promise<void> {
    await ctx.nc.jetstream().publish(ctx.subject(e.type), JSON.stringify(e), { msgID });
  }

  async function settled(): Promise<void> {
    const jsm = await ctx.nc.jetstreamManager();
    const total = (await jsm.streams.info(ctx.stream)).state.messages;
    await waitFor(async () => {
      const info = await jsm.consumers.info(ctx.stream, AUDIT_CONSUMER_DURABLE);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= total;
    }, 'the audit consumer to settle');
  }

  beforeAll(async () => {
    await ctx.setUp();
    sut = ctx.newService();
    consumer = new AuditEventsConsumer({
      nc: ctx.nc,
      dataSource: ctx.service,
      schema: ctx.schema,
      stream: ctx.stream,
      subjectPrefix: ctx.subjectPrefix,
      service: sut,
      logger: quiet,
    });
    await consumer.onApplicationBootstrap();
  });

  afterAll(async () => {
    await consumer?.onModuleDestroy();
    await ctx.tearDown();
  });

  it('records every domain event as a chained row, exactly once', async () => {
    const login = event(
      'evt.auth.session.login_succeeded.v1',
      { user_id: 'u-1', session_id: 's-1', ip: '203.0.113.7' },
      {
        actor: { user_id: 'u-1', role: 'customer' },
        request_id: 'req-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    );
    const confirmed = event(
      'evt.scheduling.assignment.schedule_confirmed.v1',
      { assignment_id: 'a-1' },
      { actor: { user_id: 'p-1', role: 'provider' } },
    );
    const approved = event(
      'evt.payouts.payout.approved.v1',
      { payout_id: 'po-1', amount_cents: 1200 },
      { actor: { user_id: 'ad-1', role: 'admin' } },
    );

    await publish(login);
    await publish(confirmed);
    await publish(approved);
    await publish(login, uuidv7()); // the same event again, past JetStream's duplicate window
    await settled();

    const rows = await ctx.rows();
    expect(rows.map((r) => [r.seq, r.action, r.actor_id, r.resource_type, r.resource_id, r.outcome])).toEqual(
      [
        ['1', 'auth.session.login_succeeded', 'u-1', 'session', 's-1', 'success'],
        ['2', 'scheduling.assignment.schedule_confirmed', 'p-1', 'assignment', 'a-1', 'success'],
        ['3', 'payouts.payout.approved', 'ad-1', 'payout', 'po-1', 'success'],
      ],
    );
    expect(rows[0]).toMatchObject({
      ip: '203.0.113.7',
      request_id: 'req-1',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      source_event_id: login.id,
    });
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: 3 });
  });

  it('records an event at most once even outside the inbox (source_event_id)', async () => {
    const e = event('evt.auth.user.registered.v1', { user_id: 'u-2', role: 'customer' });
    const first = await ctx.service.transaction((m) => sut.recordEvent(e, m));
    const second = await ctx.service.transaction((m) => sut.recordEvent(e, m));

    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect((await ctx.rows()).filter((r) => r.source_event_id === e.id)).toHaveLength(1);
  });

  it('chains the events of one transaction once each, also past a savepoint that rolled back', async () => {
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => event('evt.test.thing.done.v1', { i }));
    const recorded = await ctx.service.transaction(async (m) => {
      const first = await sut.recordEvent(a, m);
      const again = await sut.recordEvent(a, m);
      const second = await sut.recordEvent(b, m);
      // The row appended inside the savepoint goes with it: the next one must not link to it.
      await m
        .transaction(async (inner) => {
          await sut.recordEvent(c, inner);
          throw new Error('undo');
        })
        .catch(() => undefined);
      const third = await sut.recordEvent(d, m);
      return { first, again, second, third };
    });

    expect(recorded.again).toBeNull();
    expect(recorded.second).toMatchObject({
      seq: String(BigInt(recorded.first!.seq) + 1n),
      prev_hash: recorded.first!.hash,
    });
    expect(recorded.third).toMatchObject({
      seq: String(BigInt(recorded.second!.seq) + 1n),
      prev_hash: recorded.second!.hash,
    });
    expect(recorded.third).not.toHaveProperty('tx');
    const rows = await ctx.rows();
    expect(rows.filter((r) => [a.id, b.id, c.id, d.id].includes(r.source_event_id!)).length).toBe(3);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: rows.length });
  });

  it('records a backlog in one insert, in order, once each, and the next append links to it', async () => {
    const [old, a, b, c, next] = [1, 2, 3, 4, 5].map((i) => event('evt.test.thing.done.v1', { i }));
    await ctx.service.transaction((m) => sut.recordEvent(old, m));

    const recorded = await ctx.service.transaction(async (m) => {
      const backlog = await sut.recordEvents([a, old, b, a, c], m);
      const after = await sut.recordEvent(next, m);
      return { backlog, after };
    });

    const [first, already, second, twice, third] = recorded.backlog;
    expect(already).toBeNull();
    expect(twice).toBeNull();
    expect([first, second, third].map((r) => r?.source_event_id)).toEqual([a.id, b.id, c.id]);
    expect(second).toMatchObject({ seq: String(BigInt(first!.seq) + 1n), prev_hash: first!.hash });
    expect(third).toMatchObject({ seq: String(BigInt(second!.seq) + 1n), prev_hash: second!.hash });
    expect(recorded.after).toMatchObject({ seq: String(BigInt(third!.seq) + 1n), prev_hash: third!.hash });
    expect(third).not.toHaveProperty('tx');
    const rows = await ctx.rows();
    const ids = [old, a, b, c, next].map((e) => e.id);
    expect(rows.filter((r) => ids.includes(r.source_event_id!)).map((r) => r.source_event_id)).toEqual(ids);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: rows.length });
  });

  it('keeps one chain when replicas append backlogs at the same time', async () => {
    const backlogs = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 4 }, (_, i) => event('evt.test.thing.done.v1', { b, i })),
    );

    // The head is read behind the lock in the same round trip: each backlog links to the one before.
    await Promise.all(
      backlogs.map((backlog) => ctx.service.transaction((m) => sut.recordEvents(backlog, m))),
    );

    const rows = await ctx.rows();
    const ids = new Set(backlogs.flat().map((e) => e.id));
    expect(rows.filter((r) => ids.has(r.source_event_id!))).toHaveLength(ids.size);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: rows.length });
  });

  it('records a backlog that arrives while the consumer is stopped, once each, and the chain verifies', async () => {
    await consumer.onModuleDestroy();
    const backlog = Array.from({ length: 30 }, (_, i) => event('evt.test.thing.done.v1', { i }));
    for (const e of backlog) await publish(e);
    // Re-published past the duplicate window: the inbox (and source_event_id) keep it to one row.
    await publish(backlog[7], `${backlog[7].id}-again`);

    await consumer.onApplicationBootstrap();
    await settled();

    const rows = await ctx.rows();
    const ids = backlog.map((e) => e.id);
    const recorded = rows.filter((r) => ids.includes(r.source_event_id!));
    expect(recorded.map((r) => r.source_event_id)).toEqual(ids);
    // Rows inserted together share their transaction's recorded_at.
    expect(new Set(recorded.map((r) => new Date(r.recorded_at).getTime())).size).toBeLessThan(ids.length);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: rows.length });
  });

  it('redacts PII and credentials before writing', async () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
    const e = event('evt.auth.session.login_failed.v1', {
      email: 'jane.doe@example.com',
      password: 'correct horse battery staple',
      refresh_token: 'opaque-refresh',
      totp_code: '123456',
      phone: '+44 7700 900123',
      note: `tried with Bearer ${jwt} from jane.doe@example.com`,
      user_agent: `agent ${jwt}`,
    });
    await publish(e);
    await settled();

    const [row] = (await ctx.rows()).filter((r) => r.source_event_id === e.id);
    expect(row.outcome).toBe('failure');
    expect(row.metadata.data).toEqual({
      email: 'j***@example.com',
      phone: '+** **** ****23',
      note: 'tried with Bearer [redacted] from j***@example.com',
    });
    expect(row.user_agent).toBe('agent [redacted]');
    const stored = JSON.stringify(row);
    for (const secret of ['jane.doe', 'correct horse', 'opaque-refresh', '123456', '900123', 'eyJ'])
      expect(stored).not.toContain(secret);
  });

  it('reports a row edited by hand as the first broken link, and passes again once it is restored', async () => {
    const before = await ctx.verifyChain();
    const rows = await ctx.rows();
    const victim = rows[1];
    expect(before).toEqual({ ok: true, checked: rows.length });

    await ctx.superuser.query(`UPDATE ${ctx.schema}.audit_log SET action = 'x' WHERE id = $1`, [victim.id]);
    const broken = await ctx.verifyChain();
    await ctx.superuser.query(`UPDATE ${ctx.schema}.audit_log SET action = $2 WHERE id = $1`, [
      victim.id,
      victim.action,
    ]);

    expect(broken).toEqual({
      ok: false,
      checked: 2,
      first_broken: { id: victim.id, seq: Number(victim.seq) },
    });
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: rows.length });
  });

  it('keeps the log append-only for the service role', async () => {
    const table = `${ctx.schema}.audit_log`;
    for (const sql of [
      `UPDATE ${table} SET action = 'x'`,
      `DELETE FROM ${table}`,
      `TRUNCATE ${table}`,
      `DELETE FROM ${ctx.schema}.audit_checkpoints`,
    ]) {
      await expect(ctx.service.query(sql)).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '42501' }),
      });
    }
    await expect(
      ctx.service.query(
        `INSERT INTO ${ctx.schema}.audit_checkpoints (cut_seq, cut_hash, purged_rows, cutoff) VALUES (1, $1, 1, now())`,
        ['0'.repeat(64)],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
  });
});

describe('audit log retention', () => {
  const ctx = new AuditLogTestContext();
  const DAY = 86_400_000;

  beforeAll(() => ctx.setUp());
  afterAll(() => ctx.tearDown());

  async function writeRows(service: AuditLogService, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await ctx.service.transaction((m) => service.recordEvent(event('evt.test.thing.done.v1', { i }), m));
    }
  }

  it('purges rows past retention, records where it cut, and the chain still verifies', async () => {
    await writeRows(ctx.newService({ clock: () => new Date(Date.now() - 400 * DAY) }), 3);
    const sut = ctx.newService({ retentionDays: 365 });

    const outcome = await sut.purgeExpired();

    expect(outcome).toEqual({
      purged_rows: 3,
      cut_seq: '3',
      cut_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const rows = await ctx.rows();
    expect(rows.map((r) => [r.seq, r.action, r.prev_hash])).toEqual([
      ['4', 'audit.log.purged', outcome!.cut_hash],
    ]);
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: 1 });

    await writeRows(sut, 2);
    expect(await sut.purgeExpired()).toBeNull();
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: 3 });
  });

  it('only cuts a prefix: an old row after a young one stays', async () => {
    await writeRows(ctx.newService({ clock: () => new Date(Date.now() - 400 * DAY) }), 1);

    expect(await ctx.newService().purgeExpired()).toBeNull();
    expect(await ctx.verifyChain()).toEqual({ ok: true, checked: 4 });
  });

  it('skips the tick while another replica holds the purge lock', async () => {
    const runner = ctx.superuser.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${ctx.schema}.audit_log.purge`]);
      expect(await ctx.newService().purgeExpired()).toBeNull();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('refuses a retention shorter than the floor, whoever asks', async () => {
    await expect(ctx.service.query(`SELECT * FROM ${ctx.schema}.purge_audit_log(1)`)).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '22023' }),
    });
  });
});
