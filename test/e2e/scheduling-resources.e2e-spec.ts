import { Client } from 'pg';
import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import {
  bookVisit,
  EVERY_DAY,
  Http,
  localAhead,
  signUp,
  startSchedulingPlatform,
  superuserDb,
  User,
} from './scheduling-support';

/** SCH-1: admins manage practitioners, rooms and equipment; providers their own hours and time off. */
describe('scheduling resources through the gateway', () => {
  let platform: TestPlatform;
  let db: Client;
  let http: Http;
  let admin: User;
  let provider: User;
  let customer: User;

  beforeAll(async () => {
    platform = await startSchedulingPlatform();
    db = await superuserDb();
    http = request(platform.url());
    [admin, provider, customer] = await Promise.all([
      signUp(http, db, 'admin'),
      signUp(http, db, 'provider'),
      signUp(http, db, 'customer'),
    ]);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('creates, lists, updates and deactivates equipment', async () => {
    const created = await http
      .post('/v1/admin/equipment')
      .set(admin.auth)
      .send({
        name: 'Ultrasound',
        time_zone: 'Asia/Kolkata',
        weekly_hours: EVERY_DAY('09:00', '17:00'),
        buffer_after_minutes: 15,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      kind: 'equipment',
      user_id: null,
      buffer_after_minutes: 15,
      weekly_hours: { monday: [{ start: '09:00', end: '17:00' }] },
    });

    const listed = await http.get('/v1/admin/equipment').query({ limit: 100 }).set(admin.auth).expect(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const read = await http.get(`/v1/admin/equipment/${created.body.id}`).set(admin.auth).expect(200);
    const patched = await http
      .patch(`/v1/admin/equipment/${created.body.id}`)
      .set(admin.auth)
      .set('If-Match', read.headers.etag)
      .send({ name: 'Ultrasound 2' })
      .expect(200);
    expect(patched.body.name).toBe('Ultrasound 2');
    const stale = await http
      .patch(`/v1/admin/equipment/${created.body.id}`)
      .set(admin.auth)
      .set('If-Match', read.headers.etag)
      .send({ name: 'Ultrasound 3' })
      .expect(412);
    expect(stale.body.code).toBe('CF_PRECONDITION_FAILED');
    const gone = await http.delete(`/v1/admin/equipment/${created.body.id}`).set(admin.auth).expect(200);
    expect(gone.body.active).toBe(false);
    await http.get(`/v1/admin/rooms/${created.body.id}`).set(admin.auth).expect(404);
    await http.get('/v1/admin/equipment').set(provider.auth).expect(403);
  });

  it('refuses bad zones, backwards hours and a second practitioner for one account', async () => {
    const zone = await http
      .post('/v1/admin/rooms')
      .set(admin.auth)
      .send({ name: 'R', time_zone: 'Moon/Base', weekly_hours: {} })
      .expect(422);
    expect(zone.body.code).toBe('BR_INVALID_TIME_ZONE');
    const hours = await http
      .post('/v1/admin/rooms')
      .set(admin.auth)
      .send({ name: 'R', time_zone: 'UTC', weekly_hours: { friday: [{ start: '18:00', end: '08:00' }] } })
      .expect(400);
    expect(hours.body.errors).toEqual([expect.objectContaining({ field: 'weekly_hours.friday' })]);
    const noUser = await http
      .post('/v1/admin/practitioners')
      .set(admin.auth)
      .send({ name: 'P', time_zone: 'UTC', weekly_hours: {} })
      .expect(400);
    expect(noUser.body.errors[0].field).toBe('user_id');

    await http
      .post('/v1/admin/practitioners')
      .set(admin.auth)
      .send({ user_id: provider.id, name: 'P', time_zone: 'UTC', weekly_hours: {} })
      .expect(201);
    const twice = await http
      .post('/v1/me/practitioner')
      .set(provider.auth)
      .send({ name: 'P', time_zone: 'UTC', weekly_hours: {} })
      .expect(409);
    expect(twice.body.code).toBe('CF_CONFLICT');
  });

  it('lets a provider set their hours and time off, but not over a booked visit', async () => {
    const hours = await http
      .put('/v1/me/practitioner/hours')
      .set(provider.auth)
      .send({ time_zone: 'Europe/Madrid', weekly_hours: EVERY_DAY('08:00', '16:00') })
      .expect(200);
    expect(hours.body).toMatchObject({ time_zone: 'Europe/Madrid', user_id: provider.id });

    const start = localAhead('Europe/Madrid', 10, '09:00');
    const job = await http
      .post('/v1/jobs')
      .set(customer.auth)
      .send({ service_type: 'x', duration_minutes: 60, price_amount: 1, currency: 'EUR' })
      .expect(201);
    const a = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    await bookVisit(http, a.body.id, { provider, customer }, start);

    const clash = await http
      .post('/v1/me/practitioner/time-off')
      .set(provider.auth)
      .send({
        start: localAhead('Europe/Madrid', 10, '00:00'),
        end: localAhead('Europe/Madrid', 11, '00:00'),
        reason: 'holiday',
      })
      .expect(409);
    expect(clash.body).toMatchObject({
      code: 'CF_PRACTITIONER_BUSY',
      details: { clashing: { start: expect.stringMatching(/T09:00:00\+0[12]:00$/) } },
    });

    const off = await http
      .post('/v1/me/practitioner/time-off')
      .set(provider.auth)
      .send({
        start: localAhead('Europe/Madrid', 12, '00:00'),
        end: localAhead('Europe/Madrid', 13, '00:00'),
        reason: 'holiday',
      })
      .expect(201);
    const listed = await http.get('/v1/me/practitioner/time-off').set(provider.auth).expect(200);
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([off.body.id]);
    const explain = await http
      .get('/v1/availability/explain')
      .query({
        practitioner_id: hours.body.id,
        start: localAhead('Europe/Madrid', 12, '10:00'),
        duration_minutes: 30,
      })
      .set(customer.auth)
      .expect(200);
    expect(explain.body.reasons.map((r: { code: string }) => r.code)).toEqual(['BR_RESOURCE_TIME_OFF']);

    await http.delete(`/v1/me/practitioner/time-off/${off.body.id}`).set(provider.auth).expect(204);
    await http.delete(`/v1/me/practitioner/time-off/${off.body.id}`).set(provider.auth).expect(404);
    await http.get('/v1/me/practitioner').set(customer.auth).expect(403);
  });
});
