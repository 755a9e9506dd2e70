import { pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import { mimePart, SmtpTestServer, waitForMail } from '../support/smtp-test-server';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';
import { Http, usePlatform } from '../support/use-platform';
import { login, signUp as signUpAccount } from './auth-support';
import {
  bookVisit,
  completedVisit,
  createJob,
  emailOf,
  localAhead,
  signUpParties,
  User,
} from './scheduling-support';

/**
 * NTF-1 for the events that notifications.e2e-spec.ts does not follow: rejection, completion, reminders,
 * payout decisions and security events, each from the real producer (gateway → service → outbox →
 * JetStream) to an email on a real SMTP server.
 */
describe('notification flows end to end', () => {
  const smtp = new SmtpTestServer();
  const opsEmail = uniqueEmail();
  let http: Http;
  let db: Client;
  let customer: User;
  let provider: User;
  let admin: User;
  let customerEmail: string;
  let providerEmail: string;

  beforeAll(() => smtp.start());
  usePlatform(
    () =>
      TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'payouts', 'notifications', 'gateway'],
        env: {
          RATE_LIMIT_AUTH_POINTS: '1000',
          RATE_LIMIT_WRITE_POINTS: '1000',
          RATE_LIMIT_ADMIN_POINTS: '1000',
        },
        appEnv: {
          notifications: {
            EMAIL_TRANSPORT: 'smtp',
            SMTP_PORT: String(smtp.port),
            NOTIFICATIONS_POLL_INTERVAL_MS: '100',
            OPS_EMAIL: opsEmail,
          },
          // The worker ticks every second, but only for visits in the next half hour, and an assignment is
          // overdue only after a year: other test files' visits and assignments in this database stay out.
          scheduling: {
            REMINDER_CRON: '* * * * * *',
            REMINDER_LOOKAHEAD_MINUTES: '30',
            SCHEDULING_SLA_MINUTES: String(60 * 24 * 365),
          },
        },
      }),
    (started) => ({ http, db } = started),
  );
  afterAll(() => smtp.stop());

  /** Until the recipient directory (fed by auth-audit's account events) knows every one of `userIds`. */
  async function inDirectory(userIds: string[]): Promise<void> {
    await pollUntil(
      `the recipient directory to know ${userIds.length} users`,
      async () => {
        const { rows } = await db.query(
          'SELECT count(*)::int AS n FROM notifications.recipients WHERE user_id = ANY($1)',
          [userIds],
        );
        return rows[0].n as number;
      },
      { until: (n) => n === userIds.length },
    );
  }

  /** Whom notifications planned a message of `kind` for, from scheduling's events about `assignmentId`. */
  async function recipientsOf(kind: string, assignmentId: string): Promise<string[]> {
    const { rows } = await db.query(
      `SELECT recipient_id FROM notifications.notifications
       WHERE kind = $1 AND event_id IN (
         SELECT (envelope->>'id')::uuid FROM scheduling.outbox WHERE envelope->'data'->>'assignment_id' = $2)
       ORDER BY recipient_id`,
      [kind, assignmentId],
    );
    return rows.map((r) => r.recipient_id as string);
  }

  beforeAll(async () => {
    ({ admin, customer, provider } = await signUpParties(http, db));
    [customerEmail, providerEmail] = await Promise.all([emailOf(db, customer), emailOf(db, provider)]);
    await inDirectory([customer.id, provider.id, admin.id]);
    // Sign-ups hash passwords with argon2id: slow on a loaded machine.
  }, 120_000);

  /** A job of the customer's that the provider accepted: the job's and the assignment's ids. */
  async function acceptedJob(): Promise<{ jobId: string; id: string }> {
    const job = await createJob(http, customer);
    const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    return { jobId: job.body.id as string, id: accepted.body.id as string };
  }

  /** The provider gives the assignment back; the customer's notice says their job is open again. */
  async function withdraw(jobId: string, id: string) {
    await http
      .post(`/v1/assignments/${id}/reject`)
      .set(provider.auth)
      .send({ reason: 'van broke down' })
      .expect(200);
    return waitForMail(smtp, customerEmail, /request is open again/, { containing: jobId });
  }

  it('tells the customer and ops when a provider withdraws after accepting, and not the provider (SCH-10)', async () => {
    const { jobId, id } = await acceptedJob();

    const toCustomer = await withdraw(jobId, id);
    const toOps = await waitForMail(smtp, opsEmail, new RegExp(`job ${jobId} requeued`));
    expect(mimePart(toCustomer.raw, 'text/plain')).toContain('van broke down');
    expect(mimePart(toOps.raw, 'text/plain')).toContain(`assignment ${id}`);
    expect(await recipientsOf('assignment_rejected', id)).toEqual([customer.id]);
    expect(await recipientsOf('assignment_rejected_ops', id)).toEqual(['ops']);
  }, 60_000);

  it('takes a visit out of both calendars when the provider gives it back after it was booked (NTF-4)', async () => {
    const { jobId, id } = await acceptedJob();
    await bookVisit(http, id, { customer, provider }, localAhead('Europe/London', 45, '10:00'));
    // The invite is in both calendars once the confirmation has gone out.
    await waitForMail(smtp, customerEmail, /^Visit confirmed/, { containing: id });

    const toCustomer = await withdraw(jobId, id);
    const toProvider = await waitForMail(smtp, providerEmail, /^Visit cancelled/, { containing: id });
    for (const mail of [toCustomer, toProvider]) {
      const ics = mimePart(mail.raw, 'text/calendar')!;
      expect(ics).toContain('METHOD:CANCEL');
      expect(ics).toContain(`UID:assignment-${id}@slotline`);
      expect(ics).toContain('SEQUENCE:1');
    }
    expect(mimePart(toProvider.raw, 'text/plain')).toContain('van broke down');
    const file = await http.get(`/v1/assignments/${id}/calendar.ics`).set(customer.auth).expect(200);
    expect(file.text).toContain('METHOD:CANCEL');
    expect(await recipientsOf('schedule_cancelled', id)).toEqual([provider.id]);
  }, 60_000);

  it('tells both parties that a visit is completed', async () => {
    const id = await completedVisit(http, db, { customer, provider }, 30);

    for (const to of [customerEmail, providerEmail]) {
      const mail = await waitForMail(smtp, to, /^Visit completed$/, { containing: id });
      expect(mimePart(mail.raw, 'text/plain')).toMatch(/is marked completed/);
    }
    expect(await recipientsOf('visit_completed', id)).toEqual([customer.id, provider.id].sort());
  }, 60_000);

  it('turns the reminder worker’s reminders into emails to both parties (SCH-9)', async () => {
    // An upcoming visit: booked, then moved to ten minutes from now, inside the worker's lookahead.
    const job = await createJob(http, customer);
    const upcoming = (await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201)).body
      .id as string;
    await bookVisit(http, upcoming, { provider, customer }, localAhead('Europe/London', 31, '10:00'));
    await db.query(
      `UPDATE scheduling.assignments
       SET scheduled_start = now() + interval '10 minutes', scheduled_end = now() + interval '70 minutes'
       WHERE id = $1`,
      [upcoming],
    );
    // An assignment accepted long ago and never scheduled: past the SLA.
    const idle = await createJob(http, customer);
    const overdue = (await http.post(`/v1/jobs/${idle.body.id}/accept`).set(provider.auth).expect(201)).body
      .id as string;
    await db.query(
      `UPDATE scheduling.assignments SET created_at = now() - interval '366 days' WHERE id = $1`,
      [overdue],
    );

    for (const to of [customerEmail, providerEmail]) {
      const reminder = await waitForMail(smtp, to, /^Reminder: your visit at /, { containing: upcoming });
      expect(mimePart(reminder.raw, 'text/plain')).toContain('A reminder of your visit');
      await waitForMail(smtp, to, /^Please agree a visit time$/, { containing: overdue });
    }
    const { rows } = await db.query(
      `SELECT assignment_id, kind FROM scheduling.reminders WHERE assignment_id = ANY($1) ORDER BY kind`,
      [[upcoming, overdue]],
    );
    expect(rows).toEqual([
      { assignment_id: overdue, kind: 'schedule_overdue' },
      { assignment_id: upcoming, kind: 'visit_upcoming' },
    ]);
    expect(await recipientsOf('reminder_upcoming', upcoming)).toEqual([customer.id, provider.id].sort());
  }, 60_000);

  it('tells the provider when an admin approves or denies their payout (PAY-2)', async () => {
    const [toApprove, toDeny] = [
      await completedVisit(http, db, { customer, provider }, 32),
      await completedVisit(http, db, { customer, provider }, 33),
    ];
    const payoutOf = (assignmentId: string): Promise<string> =>
      pollUntil(`a payout for assignment ${assignmentId}`, async () => {
        const { rows } = await db.query('SELECT id FROM payouts.payouts WHERE assignment_id = $1', [
          assignmentId,
        ]);
        return rows[0]?.id as string | undefined;
      });
    await http
      .post(`/v1/admin/payouts/${await payoutOf(toApprove)}/approve`)
      .set(admin.auth)
      .expect(200);
    await http
      .post(`/v1/admin/payouts/${await payoutOf(toDeny)}/deny`)
      .set(admin.auth)
      .send({ reason: 'no show' })
      .expect(200);

    // 12,500 minor units of GBP, formatted for the provider's (English) locale.
    const approved = await waitForMail(smtp, providerEmail, /^Payout approved: £125\.00$/, {
      containing: toApprove,
    });
    expect(mimePart(approved.raw, 'text/plain')).toContain('was approved');
    const denied = await waitForMail(smtp, providerEmail, /^Payout denied$/, { containing: toDeny });
    expect(mimePart(denied.raw, 'text/plain')).toContain('Reason: no show');
    expect(smtp.to(customerEmail).filter((m) => m.raw.includes('Payout'))).toEqual([]);
  }, 90_000);

  it('warns the account of a sign-in from a new device and of a replayed refresh token (AUTH-4)', async () => {
    const account = await signUpAccount(http, db);
    await inDirectory([account.id]);
    // The first sign-in (signUp's) is not "new"; the same device again is not either.
    await login(http, account.email, 'e2e-agent/1');
    await login(http, account.email, 'another-laptop/7');
    const newDevice = await waitForMail(smtp, account.email, /^New sign-in to your Slotline account$/);
    expect(mimePart(newDevice.raw, 'text/plain')).toContain('another-laptop/7');
    expect(await recipientsOfEvent('security_new_device', account.id)).toBe(1);

    const refresh = (token: string) => http.post('/v1/auth/refresh').send({ refresh_token: token });
    await refresh(account.refresh).expect(200);
    expect((await refresh(account.refresh).expect(401)).body.code).toBe('AUTH_REFRESH_REUSED');
    await waitForMail(smtp, account.email, /^Security alert: your sessions were signed out$/);
  }, 90_000);

  /** How many messages of `kind` were planned for `userId`: one per event, whatever the sign-ins. */
  async function recipientsOfEvent(kind: string, userId: string): Promise<number> {
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM notifications.notifications WHERE kind = $1 AND recipient_id = $2',
      [kind, userId],
    );
    return rows[0].n as number;
  }
});
