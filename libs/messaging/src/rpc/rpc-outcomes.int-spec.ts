import { Actor } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { MessagingRetention } from '../events/messaging-retention';
import { EventsTestContext } from '../events/testing/events-test-context';
import { OutcomeCall, RpcOutcomes, rpcOutcomesTableSql } from './rpc-outcomes';

const alice: Actor = { user_id: 'u-alice', role: 'customer', session_id: 's1', aal: 'aal1' };
const bob: Actor = { ...alice, user_id: 'u-bob' };

describe(RpcOutcomes.name, () => {
  const ctx = new EventsTestContext();
  let sut: RpcOutcomes;

  beforeAll(async () => {
    await ctx.setUp();
    for (const sql of rpcOutcomesTableSql(ctx.schema)) await ctx.dataSource.query(sql);
    sut = new RpcOutcomes(ctx.schema);
  });
  afterAll(() => ctx.tearDown());

  const call = (over: Partial<OutcomeCall> = {}): OutcomeCall => ({
    subject: 'probe.things.confirm',
    meta: { idempotency_key: 'key-1', actor: alice },
    request: { id: 'a1', schedule_version: 1 },
    ...over,
  });

  it('replays the answer recorded in a committed transaction, for the same caller and request only', async () => {
    await ctx.dataSource.transaction((m) =>
      sut.record(m, call(), { status: 'scheduled', schedule_version: 2 }),
    );
    // Key order in the request does not make it another request.
    const same = call({ request: { schedule_version: 1, id: 'a1' } });
    await expect(sut.find(ctx.dataSource, same)).resolves.toEqual({
      status: 'scheduled',
      schedule_version: 2,
    });
    await expect(
      sut.find(ctx.dataSource, call({ meta: { idempotency_key: 'key-1', actor: bob } })),
    ).resolves.toBeUndefined();
    await expect(sut.find(ctx.dataSource, call({ subject: 'probe.things.other' }))).resolves.toBeUndefined();
    const reused = await sut
      .find(ctx.dataSource, call({ request: { id: 'a2', schedule_version: 1 } }))
      .catch((e) => e);
    expect(reused).toBeInstanceOf(AppError);
    expect(reused).toMatchObject({ code: 'VAL_IDEMPOTENCY_KEY_REUSED' });
  });

  it('records nothing when the transaction rolls back, or when the call has no key', async () => {
    const failing = ctx.dataSource.transaction(async (m) => {
      await sut.record(m, call({ meta: { idempotency_key: 'key-2', actor: alice } }), { ok: true });
      throw new Error('the change failed');
    });
    await expect(failing).rejects.toThrow('the change failed');
    await expect(
      sut.find(ctx.dataSource, call({ meta: { idempotency_key: 'key-2', actor: alice } })),
    ).resolves.toBeUndefined();
    await sut.record(ctx.dataSource, call({ meta: { idempotency_key: null, actor: alice } }), { ok: true });
    await expect(
      sut.find(ctx.dataSource, call({ meta: { idempotency_key: null, actor: alice } })),
    ).resolves.toBeUndefined();
  });

  it('is purged with the outbox once older than the retention', async () => {
    await ctx.dataSource.query(
      `INSERT INTO "${ctx.schema}".rpc_outcomes (subject, idempotency_key, actor_id, request_hash, response, created_at)
       VALUES ('probe.things.confirm', 'old', '', 'h', '{}', now() - interval '200 hours')`,
    );
    const retention = new MessagingRetention({
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      retentionHours: 168,
      intervalMs: 0,
    });
    expect(await retention.purgeOnce()).toMatchObject({ outcomes: 1 });
    await expect(sut.find(ctx.dataSource, call())).resolves.toBeDefined();
  });
});
