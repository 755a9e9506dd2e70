import { ChildProcess } from 'node:child_process';
import { connectTestNats, pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import { REMINDER_EVENTS } from '@slotline/contracts';
import { metaOf, SchedulingTestContext } from '../../apps/scheduling/src/testing/scheduling-test-context';
import { SpawnedBuild, stopProcess } from '../support/spawned-build';
import { serviceDatabaseUrl, uniqueTag } from '../support/test-env';
import { superuserDb } from '../support/use-platform';

/**
 * SCH-9 with two real scheduling processes ticking every second against one database: each visit gets
 * one upcoming reminder and each overdue assignment one overdue reminder, each with one event.
 */
describe('SCH-9 reminder worker across two scheduling processes', () => {
  const tag = uniqueTag('r');
  const build = new SpawnedBuild(tag);
  const ctx = new SchedulingTestContext();
  const outputs: string[][] = [[], []];
  const children: ChildProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    build.compile();
    await ctx.setUp(4);
    db = await superuserDb();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c)));
    await db?.end();
    await ctx.tearDown();
    build.remove();
    const nc = await connectTestNats();
    await (await nc.jetstreamManager()).streams.delete(`EVENTS_${tag}`).catch(() => undefined);
    await nc.close();
  });

  const count = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0].n as number;

  it('emits each reminder once, and marks the overdue assignment', async () => {
    const { provider } = await ctx.practitioner();
    const customer = { ...provider, user_id: crypto.randomUUID(), role: 'customer' as const };
    // A visit confirmed for two hours from now: inside the 24 h lookahead.
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 3_600_000);
    const upcoming = await ctx.proposedAssignment({ provider, customer, start });
    await ctx.services.confirmSchedule.execute(
      { id: upcoming.assignmentId, schedule_version: upcoming.version },
      metaOf(provider),
    );
    // An assignment accepted three hours ago and never scheduled: past a 60-minute SLA.
    const { provider: other } = await ctx.practitioner();
    const job = await ctx.services.jobs.create(
      { service_type: 'visit', duration_minutes: 30, price_amount: 100, currency: 'EUR' },
      metaOf(customer),
    );
    const accepted = await ctx.services.acceptJob.execute(job.id, metaOf(other));
    await db.query(
      `UPDATE scheduling.assignments SET created_at = now() - interval '3 hours' WHERE id = $1`,
      [accepted.id],
    );

    const env = {
      DATABASE_URL: serviceDatabaseUrl('scheduling'),
      HTTP_PORT: '0',
      NATS_SUBJECT_PREFIX: `${tag}.`,
      NATS_STREAM: `EVENTS_${tag}`,
      REMINDER_CRON: '* * * * * *',
      SCHEDULING_SLA_MINUTES: '60',
      LOG_LEVEL: 'debug',
      SHUTDOWN_GRACE_MS: '100',
    };
    children.push(build.spawn('scheduling', env, outputs[0]), build.spawn('scheduling', env, outputs[1]));

    const reminders = (kind: string, id: string) =>
      count(`SELECT count(*)::int AS n FROM scheduling.reminders WHERE assignment_id = $1 AND kind = $2`, [
        id,
        kind,
      ]);
    await pollUntil(
      'both reminders',
      async () =>
        (await reminders('visit_upcoming', upcoming.assignmentId)) === 1 &&
        (await reminders('schedule_overdue', accepted.id)) === 1,
      { timeoutMs: 60_000, retryErrors: true },
    );
    // Both processes keep ticking for a few more seconds: nothing more may appear.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await reminders('visit_upcoming', upcoming.assignmentId)).toBe(1);
    expect(await reminders('schedule_overdue', accepted.id)).toBe(1);

    const events = (type: string, id: string) =>
      count(
        `SELECT count(*)::int AS n FROM scheduling.outbox WHERE subject = $1 AND envelope->'data'->>'assignment_id' = $2`,
        [type, id],
      );
    expect(await events(REMINDER_EVENTS.due.type, upcoming.assignmentId)).toBe(1);
    expect(await events(REMINDER_EVENTS.overdue.type, accepted.id)).toBe(1);
    const flagged = await db.query('SELECT reminder_overdue FROM scheduling.assignments WHERE id = $1', [
      accepted.id,
    ]);
    expect(flagged.rows[0].reminder_overdue).toBe(true);
    // Both processes really ran the worker all along.
    for (const output of outputs)
      expect(output.join('')).toMatch(/"event":"(reminder_tick|reminders_emitted)"/);
  }, 180_000);
});
