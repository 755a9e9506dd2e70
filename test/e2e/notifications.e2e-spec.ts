import { DateTime } from 'luxon';
import { headers as natsHeaders } from 'nats';
import { connectTestNats, pollUntil } from '@slotline/testing';
import * as ical from 'node-ical';
import { Client } from 'pg';
import { SmtpTestServer, mimePart, waitForMail } from '../support/smtp-test-server';
import { TestPlatform } from '../support/test-platform';
import { Http, usePlatform } from '../support/use-platform';
import { createJob, emailOf, localAhead, signUpParties, transitionDays, User } from './scheduling-support';

/**
 * NTF-1 … NTF-6 end to end: real gateway, auth-audit, scheduling and notifications, PostgreSQL, NATS
 * and an SMTP server. Emails are read off the SMTP server; invites are parsed with node-ical.
 */
describe('notifications end to end', () => {
  const smtp = new SmtpTestServer();
  let platform: TestPlatform;
  let http: Http;
  let db: Client;
  let customer: User;
  let provider: User;
  let outsider: User;
  let admin: User;
  let customerEmail: string;
  let providerEmail: string;

  const notificationsEnv = () => ({
    EMAIL_TRANSPORT: 'smtp',
    SMTP_PORT: String(smtp.port),
    SMTP_TIMEOUT_MS: '2000',
    NOTIFICATIONS_POLL_INTERVAL_MS: '100',
    NOTIFICATIONS_RETRY_BASE_MS: '50',
    NOTIFICATIONS_RETRY_MAX_MS: '200',
    NOTIFICATIONS_MAX_ATTEMPTS: '3',
  });

  beforeAll(() => smtp.start());
  usePlatform(
    () =>
      TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'notifications', 'gateway'],
        env: { RATE_LIMIT_AUTH_POINTS: '1000', RATE_LIMIT_WRITE_POINTS: '1000' },
        appEnv: { notifications: notificationsEnv() },
      }),
    (started) => ({ platform, http, db } = started),
  );
  afterAll(() => smtp.stop());

  beforeAll(async () => {
    ({ admin, customer, provider, outsiderCustomer: outsider } = await signUpParties(http, db));
    customerEmail = await emailOf(db, customer);
    providerEmail = await emailOf(db, provider);
    // The customer reads times in New York, in English; the provider in German (second locale).
    await http
      .patch('/v1/me')
      .set(customer.auth)
      .send({ time_zone: 'America/New_York', phone: '+12125550123' })
      .expect(200);
    const de = await http.patch('/v1/me').set(provider.auth).send({ locale: 'de-AT' }).expect(200);
    expect(de.body).toMatchObject({ locale: 'de-AT', time_zone: 'UTC', phone: null });
    // The directory follows auth-audit's account events on their own consumer: wait until it has both.
    await pollUntil('the recipient directory', async () => {
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM notifications.recipients
         WHERE (user_id = $1 AND time_zone = 'America/New_York') OR (user_id = $2 AND locale = 'de-AT')`,
        [customer.id, provider.id],
      );
      return rows.rows[0].n === 2;
    });
    // Sign-ups hash passwords with argon2id: slow on a loaded machine.
  }, 120_000);

  const mailWith = (to: string, subjectPart: RegExp) => waitForMail(smtp, to, subjectPart);

  function eventOf(ics: string) {
    const parsed = ical.sync.parseICS(ics);
    const vevent = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ical.VEvent;
    return { parsed, vevent };
  }

  /** A job by the customer, accepted by the provider: the assignment every scenario starts from. */
  async function acceptedJob(): Promise<{ jobId: string; assignmentId: string }> {
    const job = await createJob(http, customer);
    const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    return { jobId: job.body.id, assignmentId: accepted.body.id };
  }

  /** An accepted job with `by`'s proposal for `start` pending (schedule_version 1 then confirms it). */
  async function proposedVisit(by: User, start: string): Promise<{ jobId: string; assignmentId: string }> {
    const visit = await acceptedJob();
    await http
      .post(`/v1/jobs/${visit.jobId}/schedule`)
      .set(by.auth)
      .send({ start, schedule_version: 0 })
      .expect(200);
    return visit;
  }

  it('sends both parties a confirmation with an invite in the visit zone, then the reschedule and the cancellation', async () => {
    // 10:00 in London on the day British Summer Time starts: 09:00Z, never 10:00Z.
    const day = transitionDays('Europe/London', DateTime.now().year + 1).forward;
    const { jobId, assignmentId: id } = await proposedVisit(customer, `${day}T10:00:00+01:00`);
    await http
      .post(`/v1/assignments/${id}/schedule/confirm`)
      .set(provider.auth)
      .send({ schedule_version: 1 })
      .expect(200);

    const toCustomer = await mailWith(customerEmail, /Visit confirmed/);
    const toProvider = await mailWith(providerEmail, /Besuch bestätigt/);
    for (const mail of [toCustomer, toProvider]) {
      const ics = mimePart(mail.raw, 'text/calendar')!;
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics).toContain(`DTSTART;TZID=Europe/London:${day.replace(/-/g, '')}T100000`);
      expect(ics).toMatch(/BEGIN:VTIMEZONE\r?\nTZID:Europe\/London/);
      const { vevent } = eventOf(ics);
      expect(vevent.uid).toBe(`assignment-${id}@slotline`);
      expect(Number(vevent.sequence)).toBe(0);
      expect((vevent.start as Date).toISOString()).toBe(`${day}T09:00:00.000Z`);
      expect((vevent.start as ical.DateWithTimeZone).tz).toBe('Europe/London');
      expect(mail.raw).toContain('calendar.google.com');
    }
    // Times in each recipient's own zone with the offset: 05:00 in New York (EDT, UTC−4).
    expect(mimePart(toCustomer.raw, 'text/plain')).toMatch(/5:00\s?AM \(UTC-04:00\)/);
    expect(mimePart(toProvider.raw, 'text/plain')).toMatch(/09:00 \(UTC\+00:00\)/);

    // Reschedule: same UID, SEQUENCE 1.
    await http
      .post(`/v1/assignments/${id}/reschedule`)
      .set(provider.auth)
      .send({ start: `${day}T14:00:00+01:00`, schedule_version: 2 })
      .expect(200);
    await http
      .post(`/v1/assignments/${id}/schedule/confirm`)
      .set(customer.auth)
      .send({ schedule_version: 3 })
      .expect(200);
    const moved = await mailWith(customerEmail, /Visit moved/);
    const movedEvent = eventOf(mimePart(moved.raw, 'text/calendar')!).vevent;
    expect(movedEvent.uid).toBe(`assignment-${id}@slotline`);
    expect(Number(movedEvent.sequence)).toBe(1);
    expect((movedEvent.start as Date).toISOString()).toBe(`${day}T13:00:00.000Z`);

    // The parties download the current invite; anyone else learns nothing.
    const file = await http.get(`/v1/assignments/${id}/calendar.ics`).set(provider.auth).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/calendar/);
    expect(Number(eventOf(file.text).vevent.sequence)).toBe(1);
    await http.get(`/v1/assignments/${id}/calendar.ics`).set(outsider.auth).expect(404);

    // Cancel: METHOD:CANCEL, SEQUENCE 2.
    await http
      .post(`/v1/jobs/${jobId}/cancel`)
      .set(customer.auth)
      .send({ reason: 'moving away' })
      .expect(200);
    const cancelled = await mailWith(providerEmail, /Besuch abgesagt/);
    const cancelIcs = mimePart(cancelled.raw, 'text/calendar')!;
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(Number(eventOf(cancelIcs).vevent.sequence)).toBe(2);

    const history = await http.get('/v1/me/notifications').set(customer.auth).expect(200);
    const confirmed = history.body.items.find(
      (n: { kind: string; event_type: string }) => n.kind === 'schedule_confirmed',
    );
    expect(confirmed).toMatchObject({ channel: 'email', status: 'sent', attempts: 1, critical: false });
    expect(confirmed.attempt_log[0]).toMatchObject({ attempt: 1, status: 'sent' });
    expect(confirmed.attempt_log[0].response).toMatch(/^250/);
  }, 120_000);

  it('previews any template with sample data outside production (NTF-7)', async () => {
    const view = await http
      .get('/v1/dev/notifications/schedule_confirmed/preview')
      .query({ locale: 'de' })
      .expect(200);
    expect(view.body).toMatchObject({ template: 'schedule_confirmed', locale: 'de' });
    expect(view.body.subject).toMatch(/^Besuch bestätigt/);
    expect(view.body.ics).toContain('BEGIN:VCALENDAR');
    const missing = await http.get('/v1/dev/notifications/nope/preview').expect(404);
    expect(missing.body.code).toBe('NF_RESOURCE');
  });

  it('sends one email when the same event is delivered twice', async () => {
    const { assignmentId } = await proposedVisit(customer, localAhead('Europe/London', 20, '09:00'));
    const row = await pollUntil(
      'the proposal event',
      async () =>
        (
          await db.query(
            `SELECT envelope FROM scheduling.outbox WHERE subject = 'evt.scheduling.assignment.schedule_proposed.v1'
           AND envelope->'data'->>'assignment_id' = $1 AND published_at IS NOT NULL`,
            [assignmentId],
          )
        ).rows[0],
    );
    await mailWith(providerEmail, /Terminvorschlag/);
    // Published again under another message id, so the stream keeps it: the inbox must drop it.
    const nc = await connectTestNats();
    const h = natsHeaders();
    h.set('Nats-Msg-Id', `again-${row.envelope.id}`);
    await nc
      .jetstream()
      .publish(`${platform.env.NATS_SUBJECT_PREFIX}${row.envelope.type}`, JSON.stringify(row.envelope), {
        headers: h,
      });
    await nc.close();
    await pollUntil(
      'the duplicate to be handled',
      async () =>
        platform.logs.get('notifications')!.text().includes(`"event_id":"${row.envelope.id}"`) &&
        platform.logs.get('notifications')!.text().includes('inbox_duplicate'),
    );
    await new Promise((r) => setTimeout(r, 500));
    const rows = await db.query(
      'SELECT count(*)::int AS n FROM notifications.notifications WHERE event_id = $1',
      [row.envelope.id],
    );
    expect(rows.rows[0].n).toBe(1);
    expect(smtp.to(providerEmail).filter((m) => m.raw.includes(assignmentId)).length).toBe(1);
  }, 60_000);

  it('skips an opted-out channel but still sends critical messages, holds non-urgent ones through quiet hours and withdraws them on cancellation', async () => {
    await http
      .put('/v1/me/notification-preferences')
      .set(provider.auth)
      .send({ channels: { email: false } })
      .expect(200);
    // Quiet hours around "now" in the customer's zone (New York).
    const local = DateTime.now().setZone('America/New_York');
    const quiet = {
      start: local.minus({ hours: 1 }).toFormat('HH:mm'),
      end: local.plus({ hours: 2 }).toFormat('HH:mm'),
    };
    const prefs = await http
      .put('/v1/me/notification-preferences')
      .set(customer.auth)
      .send({ quiet_hours: quiet })
      .expect(200);
    expect(prefs.body).toMatchObject({ quiet_hours: quiet, channels: { email: true, sms: true } });

    const { jobId, assignmentId } = await proposedVisit(customer, localAhead('Europe/London', 21, '11:00'));
    await http
      .post(`/v1/assignments/${assignmentId}/schedule/confirm`)
      .set(provider.auth)
      .send({ schedule_version: 1 })
      .expect(200);

    const mine = (user: User) => http.get('/v1/me/notifications').set(user.auth).expect(200);
    const skipped = await pollUntil('the skipped proposal', async () =>
      (await mine(provider)).body.items.find(
        (n: { kind: string; status: string }) => n.kind === 'schedule_proposed' && n.status === 'skipped',
      ),
    );
    expect(skipped.skip_reason).toBe('email opted out');
    const held = await pollUntil('the held confirmation', async () =>
      (await mine(customer)).body.items.find(
        (n: { kind: string; status: string; deferred_until: string | null }) =>
          n.kind === 'schedule_confirmed' && n.status === 'queued' && n.deferred_until !== null,
      ),
    );
    const end = DateTime.fromISO(held.deferred_until).setZone('America/New_York');
    expect(end.toFormat('HH:mm')).toBe(quiet.end);
    expect(end.toMillis()).toBeGreaterThan(Date.now());

    // The held message survives a restart of notifications and is still waiting for the quiet hours' end.
    await platform.stopOne('notifications');
    await platform.startOne('notifications', notificationsEnv());
    await new Promise((r) => setTimeout(r, 500));
    const after = (await mine(customer)).body.items.find((n: { id: string }) => n.id === held.id);
    expect(after).toMatchObject({ status: 'queued', deferred_until: held.deferred_until });

    // A cancellation is critical: it reaches the opted-out provider and the customer in quiet hours. The
    // held confirmation would now contradict it, so it is withdrawn instead of sent at the quiet hours' end.
    await http.post(`/v1/jobs/${jobId}/cancel`).set(customer.auth).send({}).expect(200);
    const withdrawn = await pollUntil('the held confirmation withdrawn', async () =>
      (await mine(customer)).body.items.find(
        (n: { id: string; status: string }) => n.id === held.id && n.status !== 'queued',
      ),
    );
    expect(withdrawn).toMatchObject({
      status: 'skipped',
      skip_reason: 'the visit was cancelled before it was sent',
    });
    await mailWith(providerEmail, /Besuch abgesagt/);
    await mailWith(customerEmail, /Visit cancelled/);

    await http.put('/v1/me/notification-preferences').set(provider.auth).send({}).expect(200);
    await http.put('/v1/me/notification-preferences').set(customer.auth).send({}).expect(200);
  }, 90_000);

  /** Runs `during` with notifications restarted against an SMTP port nobody listens on, then restores it. */
  async function withSmtpDown(during: () => Promise<void>): Promise<void> {
    const closed = new SmtpTestServer();
    await closed.start();
    const deadPort = closed.port;
    await closed.stop();
    await platform.stopOne('notifications');
    await platform.startOne('notifications', { ...notificationsEnv(), SMTP_PORT: String(deadPort) });
    try {
      await during();
    } finally {
      await platform.stopOne('notifications');
      await platform.startOne('notifications', notificationsEnv());
    }
  }

  it('retries a failing SMTP server with backoff, then falls back to SMS, all in the history', async () => {
    await withSmtpDown(async () => {
      await proposedVisit(provider, localAhead('Europe/London', 22, '10:00'));

      const find = async (channel: string, status: string) =>
        (await http.get('/v1/me/notifications').set(customer.auth).expect(200)).body.items.find(
          (n: { kind: string; channel: string; status: string; event_id: string }) =>
            n.kind === 'schedule_proposed' && n.channel === channel && n.status === status,
        );
      const failed = await pollUntil('the email to fail for good', () => find('email', 'failed'));
      expect(failed.attempts).toBe(3);
      expect(failed.attempt_log.map((a: { status: string }) => a.status)).toEqual([
        'failed',
        'failed',
        'failed',
      ]);
      expect(failed.attempt_log[0].error).toMatch(/ECONNREFUSED|connect/i);
      const sms = await pollUntil('the SMS fallback', () => find('sms', 'sent'));
      expect(sms).toMatchObject({ fallback_of: failed.id, event_id: failed.event_id, attempts: 1 });
      expect(platform.logs.get('notifications')!.text()).toContain('"event":"sms_logged"');
      expect(platform.logs.get('notifications')!.text()).not.toContain('+12125550123');

      const query = { recipient_id: customer.id, status: 'failed', event_type: failed.event_type };
      const byAdmin = await http.get('/v1/admin/notifications').query(query).set(admin.auth).expect(200);
      expect(byAdmin.body.items.map((n: { id: string }) => n.id)).toContain(failed.id);
      expect(byAdmin.body.items.every((n: { status: string }) => n.status === 'failed')).toBe(true);
      const refused = await http.get('/v1/admin/notifications').query(query).set(customer.auth).expect(403);
      expect(refused.body.code).toBe('AUTH_FORBIDDEN');
    });
  }, 90_000);

  it('records an ops email that fails for good once, with no SMS fallback (ops has no phone)', async () => {
    await withSmtpDown(async () => {
      const { assignmentId } = await acceptedJob();
      await http
        .post(`/v1/assignments/${assignmentId}/reject`)
        .set(provider.auth)
        .send({ reason: 'van broke down' })
        .expect(200);
      const rejected = await pollUntil(
        'the rejection event',
        async () =>
          (
            await db.query(
              `SELECT envelope->>'id' AS id FROM scheduling.outbox
               WHERE subject = 'evt.scheduling.assignment.rejected.v1' AND envelope->'data'->>'assignment_id' = $1`,
              [assignmentId],
            )
          ).rows[0]?.id as string | undefined,
      );
      const toOps = async () =>
        (
          await http
            .get('/v1/admin/notifications')
            .query({ recipient_id: 'ops', event_type: 'evt.scheduling.assignment.rejected.v1' })
            .set(admin.auth)
            .expect(200)
        ).body.items.filter((n: { event_id: string }) => n.event_id === rejected);
      const [failed] = await pollUntil('the ops email to fail for good', toOps, {
        until: (rows) => rows.some((n: { status: string }) => n.status === 'failed'),
      });
      expect(failed).toMatchObject({ channel: 'email', status: 'failed', attempts: 3, fallback_of: null });
      expect(failed.attempt_log.map((a: { status: string }) => a.status)).toEqual([
        'failed',
        'failed',
        'failed',
      ]);
      // Several dispatcher passes later it is still the one failed email: not sent again, no SMS.
      await new Promise((r) => setTimeout(r, 1000));
      const after = await toOps();
      expect(after).toEqual([expect.objectContaining({ id: failed.id, status: 'failed', attempts: 3 })]);
      expect(after[0].attempt_log).toHaveLength(3);
      const logs = platform.logs.get('notifications')!.text();
      const line = logs
        .split('\n')
        .find((l) => l.includes('"event":"notification_failed"') && l.includes(failed.id));
      expect(JSON.parse(line!)).toMatchObject({ attempts: 3, fallback: false });
      expect(logs).not.toContain('notification_dispatch_failed');
    });
  }, 90_000);
});
