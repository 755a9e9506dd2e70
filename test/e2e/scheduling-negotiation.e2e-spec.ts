import { pollUntil } from '@slotline/testing';
import { Client } from 'pg';
import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import {
  bookVisit,
  createJob,
  Http,
  localAhead,
  signUpParties,
  useSchedulingPlatform,
  User,
  visitStarted,
} from './scheduling-support';

/** SCH-3, SCH-4, SCH-10 end to end: the negotiation, the booking and how a visit ends, with real tokens. */
describe('scheduling negotiation through the gateway', () => {
  let platform: TestPlatform;
  let db: Client;
  let http: Http;
  let admin: User;
  let customer: User;
  let provider: User;
  let outsiderCustomer: User;
  let outsiderProvider: User;
  let practitionerId: string;
  let roomId: string;

  useSchedulingPlatform((started) => ({ platform, http, db } = started));

  beforeAll(async () => {
    ({ admin, customer, provider, outsiderCustomer, outsiderProvider, practitionerId, roomId } =
      await signUpParties(http, db));
  });

  const newJob = (by: User, extra: Record<string, unknown> = {}) => createJob(http, by, extra);

  it('negotiates, books, reschedules and completes a visit', async () => {
    const job = await newJob(customer, { room_id: roomId });
    expect(job.body).toMatchObject({
      status: 'open',
      price_amount: 12_500,
      currency: 'GBP',
      room_id: roomId,
      assignment_id: null,
    });

    const open = await http
      .get('/v1/jobs')
      .query({ status: 'open', limit: 100 })
      .set(provider.auth)
      .expect(200);
    expect(open.body.items.map((j: { id: string }) => j.id)).toContain(job.body.id);

    const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    const assignmentId = accepted.body.id as string;
    expect(accepted.body).toMatchObject({
      status: 'awaiting_schedule',
      schedule_version: 0,
      practitioner_id: practitionerId,
      time_zone: 'Europe/London',
    });

    const start = localAhead('Europe/London', 14, '10:00');
    const proposed = await http
      .post(`/v1/jobs/${job.body.id}/schedule`)
      .set(customer.auth)
      .send({ start, schedule_version: 0 })
      .expect(200);
    expect(proposed.body).toMatchObject({
      id: assignmentId,
      schedule_version: 1,
      schedule_proposed_by: 'customer',
      status: 'awaiting_schedule',
    });
    expect(proposed.body.proposed_start).toMatch(/T10:00:00\+0[01]:00$/);

    const stale = await http
      .post(`/v1/assignments/${assignmentId}/schedule`)
      .set(provider.auth)
      .send({ start, schedule_version: 0 })
      .expect(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.body).toMatchObject({ code: 'CF_SCHEDULE_VERSION', details: { current_version: 1 } });

    await http
      .post(`/v1/assignments/${assignmentId}/schedule/confirm`)
      .set(customer.auth)
      .send({ schedule_version: 1 })
      .expect(403);
    const confirmed = await http
      .post(`/v1/assignments/${assignmentId}/schedule/confirm`)
      .set(provider.auth)
      .send({ schedule_version: 1 })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      status: 'scheduled',
      schedule_version: 2,
      scheduled_start: proposed.body.proposed_start,
      proposed_start: null,
    });

    const held = await db.query(
      `SELECT r.resource_kind FROM scheduling.booking_resources r JOIN scheduling.bookings b ON b.id = r.booking_id
       WHERE b.assignment_id = $1 AND r.active ORDER BY r.resource_kind`,
      [assignmentId],
    );
    expect(held.rows.map((r) => r.resource_kind)).toEqual(['practitioner', 'room']);

    const explain = await http
      .get('/v1/availability/explain')
      .query({ practitioner_id: practitionerId, start, duration_minutes: 30 })
      .set(outsiderCustomer.auth)
      .expect(200);
    expect(explain.body).toMatchObject({
      available: false,
      reasons: [{ code: 'CF_PRACTITIONER_BUSY', clashing: { start: proposed.body.proposed_start } }],
    });

    // Someone else's job in the booked room at the same time: refused with the clashing window.
    const rival = await newJob(outsiderCustomer, { room_id: roomId });
    await http.post(`/v1/jobs/${rival.body.id}/accept`).set(outsiderProvider.auth).expect(201);
    const busy = await http
      .post(`/v1/jobs/${rival.body.id}/schedule`)
      .set(outsiderCustomer.auth)
      .send({ start, schedule_version: 0 })
      .expect(409);
    expect(busy.body).toMatchObject({
      code: 'CF_ROOM_BUSY',
      details: { resource_id: roomId, clashing: { start: proposed.body.proposed_start } },
    });
    expect(busy.body.details.alternatives.length).toBeGreaterThan(0);

    const later = localAhead('Europe/London', 15, '11:00');
    const moved = await http
      .post(`/v1/assignments/${assignmentId}/reschedule`)
      .set(provider.auth)
      .send({ start: later, schedule_version: 2 })
      .expect(200);
    expect(moved.body).toMatchObject({
      status: 'scheduled',
      schedule_proposed_by: 'provider',
      scheduled_start: confirmed.body.scheduled_start,
    });
    const reconfirmed = await http
      .post(`/v1/assignments/${assignmentId}/schedule/confirm`)
      .set(customer.auth)
      .send({ schedule_version: 3 })
      .expect(200);
    expect(reconfirmed.body).toMatchObject({
      status: 'scheduled',
      schedule_version: 4,
      scheduled_start: moved.body.proposed_start,
    });
    const live = await db.query(
      'SELECT count(*)::int AS n FROM scheduling.bookings WHERE assignment_id = $1 AND active',
      [assignmentId],
    );
    expect(live.rows[0].n).toBe(1);

    const early = await http.post(`/v1/assignments/${assignmentId}/complete`).set(provider.auth).expect(422);
    expect(early.body).toMatchObject({
      code: 'BR_VISIT_NOT_STARTED',
      details: { scheduled_start: new Date(reconfirmed.body.scheduled_start).toISOString() },
    });
    await visitStarted(db, assignmentId);
    const done = await http.post(`/v1/assignments/${assignmentId}/complete`).set(provider.auth).expect(200);
    expect(done.body.status).toBe('completed');
    const finished = await http.get(`/v1/jobs/${job.body.id}`).set(customer.auth).expect(200);
    expect(finished.body.status).toBe('completed');

    const events = await db.query(
      `SELECT envelope FROM scheduling.outbox WHERE envelope->'data'->>'assignment_id' = $1 ORDER BY created_at, id`,
      [assignmentId],
    );
    const types = events.rows.map((r) => r.envelope.type as string);
    expect(types).toEqual(
      expect.arrayContaining([
        'evt.scheduling.assignment.accepted.v1',
        'evt.scheduling.assignment.schedule_proposed.v1',
        'evt.scheduling.booking.created.v1',
        'evt.scheduling.assignment.schedule_confirmed.v1',
        'evt.scheduling.booking.released.v1',
        'evt.scheduling.assignment.completed.v1',
      ]),
    );
    const confirmedEvent = events.rows.find(
      (r) => r.envelope.type === 'evt.scheduling.assignment.schedule_confirmed.v1',
    )!.envelope;
    expect(confirmedEvent).toMatchObject({
      actor: { user_id: provider.id, role: 'provider' },
      request_id: expect.any(String),
      data: {
        resource_type: 'assignment',
        resource_id: assignmentId,
        outcome: 'success',
        customer_id: customer.id,
        provider_user_id: provider.id,
      },
    });
    const logged = platform.logs
      .get('scheduling')!
      .records()
      .map((r) => r.event);
    expect(logged).toEqual(
      expect.arrayContaining(['booking_created', 'booking_cancelled', 'schedule_updated']),
    );
  });

  it('lets an admin complete a visit before it starts only with a reason, and audits it', async () => {
    const job = await newJob(customer);
    const a = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    await bookVisit(http, a.body.id, { provider, customer }, localAhead('Europe/London', 17, '09:00'));
    const complete = (by: User, body: object = {}) =>
      http.post(`/v1/assignments/${a.body.id}/complete`).set(by.auth).send(body);

    const noReason = await complete(admin).expect(422);
    const byProvider = await complete(provider, { override_reason: 'visit done early' }).expect(403);
    const done = await complete(admin, { override_reason: 'visit moved forward by phone' }).expect(200);

    expect(noReason.body).toMatchObject({ code: 'BR_VISIT_NOT_STARTED' });
    expect(noReason.body.message).toContain('override_reason');
    expect(byProvider.body.code).toBe('AUTH_FORBIDDEN');
    expect(done.body.status).toBe('completed');
    // outbox → JetStream → audit consumer: slow on a loaded machine
    const rows = await pollUntil(
      'the audit record of the early completion',
      async (): Promise<Array<Record<string, unknown>>> => {
        const page = await http
          .get('/v1/admin/audit-logs')
          .query({ action: 'scheduling.assignment.completed_early', resource_id: a.body.id })
          .set(admin.auth)
          .expect(200);
        return page.body.items;
      },
      { until: (items) => items.length > 0, timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: admin.id,
        actor_role: 'admin',
        resource_type: 'assignment',
        resource_id: a.body.id,
        outcome: 'success',
        metadata: expect.objectContaining({
          data: expect.objectContaining({ reason: 'visit moved forward by phone' }),
        }),
      }),
    ]);
  }, 120_000);

  it('requeues a rejected job for other providers and counts it', async () => {
    const job = await newJob(customer);
    const first = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);

    const rejected = await http
      .post(`/v1/assignments/${first.body.id}/reject`)
      .set(provider.auth)
      .send({ reason: 'double-booked elsewhere' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection_reason: 'double-booked elsewhere' });
    const reopened = await http.get(`/v1/jobs/${job.body.id}`).set(customer.auth).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', assignment_id: null });
    const second = await http.post(`/v1/jobs/${job.body.id}/accept`).set(outsiderProvider.auth).expect(201);
    expect(second.body.status).toBe('awaiting_schedule');

    const metrics = await request(platform.url('scheduling')).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^assignments_requeued_total\{service="scheduling"\} [1-9]/m);
    expect(metrics.text).toMatch(/^fulfilment_awaiting_schedule\{service="scheduling"\} [1-9]/m);
    expect(metrics.text).toMatch(/^fulfilment_scheduled\{service="scheduling"\} \d+/m);
    expect(metrics.text).toMatch(/^fulfilment_reminder_overdue\{service="scheduling"\} \d+/m);
    const counts = await http.get('/v1/admin/fulfilment').set(admin.auth).expect(200);
    expect(counts.body).toMatchObject({
      awaiting_schedule: expect.any(Number),
      scheduled: expect.any(Number),
      reminder_overdue: expect.any(Number),
    });
    expect(counts.body.awaiting_schedule).toBeGreaterThan(0);
    await http.get('/v1/admin/fulfilment').set(customer.auth).expect(403);
  });

  it('cancels a scheduled job and frees its resources', async () => {
    const job = await newJob(customer, { room_id: roomId });
    const a = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    const start = localAhead('Europe/London', 16, '09:00');
    await bookVisit(http, a.body.id, { provider, customer }, start);

    await http.post(`/v1/jobs/${job.body.id}/cancel`).set(outsiderCustomer.auth).send({}).expect(404);
    const cancelled = await http
      .post(`/v1/jobs/${job.body.id}/cancel`)
      .set(customer.auth)
      .send({ reason: 'feeling better' })
      .expect(200);

    expect(cancelled.body).toMatchObject({ status: 'cancelled', assignment_id: null });
    const assignment = await http.get(`/v1/assignments/${a.body.id}`).set(provider.auth).expect(200);
    expect(assignment.body.status).toBe('cancelled');
    const free = await http
      .get('/v1/availability/explain')
      .query({ practitioner_id: practitionerId, room_id: roomId, start, duration_minutes: 60 })
      .set(customer.auth)
      .expect(200);
    expect(free.body).toMatchObject({ available: true, reasons: [] });
  });
});
