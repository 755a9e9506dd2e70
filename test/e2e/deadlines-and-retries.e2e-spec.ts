import { SCHEDULING_RPC } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { TestPlatform } from '../support/test-platform';
import { superuserDb, usePlatform } from '../support/use-platform';
import { Http, signUp, signUpPractitioner, User, pendingProposal } from './scheduling-support';

// Short enough to wait out in a test, long enough for a sign-up (argon2) on a loaded machine.
const GATEWAY_TIMEOUT_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A 504 tells the truth, and so does a retry: the gateway's deadline travels with the request, a
 * service abandons work whose caller has given up instead of committing it later, and a retry with
 * the same Idempotency-Key gets the original answer from the service even when the gateway forgot it.
 */
describe('deadlines and idempotent retries', () => {
  let platform: TestPlatform;
  let http: Http;
  let db: Client;
  let customer: User;
  let provider: User;
  let day = 40;

  usePlatform(
    () =>
      TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'gateway'],
        appEnv: { gateway: { NATS_REQUEST_TIMEOUT_MS: String(GATEWAY_TIMEOUT_MS) } },
      }),
    (started) => ({ platform, http, db } = started),
  );

  beforeAll(async () => {
    [customer, provider] = await Promise.all([
      signUp(http, db, 'customer'),
      signUpPractitioner(http, db, 'Dr Deadline'),
    ]);
  });

  const proposal = () => pendingProposal(http, { customer, provider }, day++);

  async function stateOf(assignmentId: string): Promise<{ status: string; bookings: number }> {
    const { rows } = await db.query(
      `SELECT a.status, (SELECT count(*)::int FROM scheduling.bookings b WHERE b.assignment_id = a.id) AS bookings
       FROM scheduling.assignments a WHERE a.id = $1`,
      [assignmentId],
    );
    return rows[0];
  }

  it('answers 504 to a confirm stuck past the deadline, and then nothing was booked', async () => {
    const p = await proposal();
    // Another transaction holds the job row: the confirm queues behind it past the gateway's deadline.
    const holder = await superuserDb();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM scheduling.jobs WHERE id = $1 FOR UPDATE', [p.jobId]);
      const res = await http
        .post(`/v1/assignments/${p.assignmentId}/schedule/confirm`)
        .set(provider.auth)
        .send({ schedule_version: p.version });
      expect(res.status).toBe(504);
      expect(res.body.code).toBe('SYS_UPSTREAM_TIMEOUT');
      await sleep(300);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // Had the service kept the work, it would commit as soon as the lock is free.
    await sleep(1500);
    expect(await stateOf(p.assignmentId)).toEqual({ status: 'awaiting_schedule', bookings: 0 });
    const logs = platform.logs.get('scheduling')!.text();
    expect(logs).toMatch(
      /"subject":"scheduling\.assignments\.confirm_schedule","outcome":"SYS_UPSTREAM_TIMEOUT"/,
    );

    // The caller may simply try again: nothing happened the first time.
    const retried = await http
      .post(`/v1/assignments/${p.assignmentId}/schedule/confirm`)
      .set(provider.auth)
      .send({ schedule_version: p.version })
      .expect(200);
    expect(retried.body.status).toBe('scheduled');
  });

  describe('a retry after a lost answer', () => {
    let nc: NatsConnection;
    let rpc: RpcClient;

    beforeAll(async () => {
      nc = await connect({ servers: platform.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
      rpc = new RpcClient({ nc, subjectPrefix: platform.env.NATS_SUBJECT_PREFIX, timeoutMs: 10_000 });
    });
    afterAll(() => nc.close());

    const me = async (user: User) => (await http.get('/v1/me').set(user.auth).expect(200)).body;

    it('gets the original success from the service, not a stale-version refusal', async () => {
      const p = await proposal();
      const key = randomUUID();
      const actor = {
        user_id: (await me(provider)).id as string,
        role: 'provider' as const,
        session_id: randomUUID(),
        aal: 'aal1' as const,
      };
      // The first attempt commits, but its answer never reaches the client (a 504, a dropped connection):
      // the gateway holds no record of the key.
      const first = await rpc.request(
        SCHEDULING_RPC.confirmSchedule,
        { id: p.assignmentId, schedule_version: p.version },
        { actor, idempotencyKey: key },
      );
      expect(first.status).toBe('scheduled');

      const retry = await http
        .post(`/v1/assignments/${p.assignmentId}/schedule/confirm`)
        .set(provider.auth)
        .set('Idempotency-Key', key)
        .send({ schedule_version: p.version });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first);
      expect(await stateOf(p.assignmentId)).toEqual({ status: 'scheduled', bookings: 1 });

      // The same key with another request is refused, not replayed.
      const reused = await http
        .post(`/v1/assignments/${p.assignmentId}/schedule/confirm`)
        .set(provider.auth)
        .set('Idempotency-Key', key)
        .send({ schedule_version: p.version + 5 });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('VAL_IDEMPOTENCY_KEY_REUSED');
    });
  });
});
