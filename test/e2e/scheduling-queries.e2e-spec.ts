import { Client } from 'pg';
import {
  createJob,
  Http,
  localAhead,
  signUpParties,
  useSchedulingPlatform,
  User,
} from './scheduling-support';

/** SCH-2, SCH-11 end to end: who sees a job, capacity reports, paging and idempotent creates. */
describe('scheduling queries through the gateway', () => {
  let db: Client;
  let http: Http;
  let admin: User;
  let customer: User;
  let provider: User;
  let outsiderCustomer: User;
  let outsiderProvider: User;
  let practitionerId: string;

  useSchedulingPlatform((started) => ({ http, db } = started));

  beforeAll(async () => {
    ({ admin, customer, provider, outsiderCustomer, outsiderProvider, practitionerId } = await signUpParties(
      http,
      db,
    ));
  });

  const newJob = (by: User, extra: Record<string, unknown> = {}) => createJob(http, by, extra);

  it('shows a job and its assignment only to its parties and admins (404 otherwise)', async () => {
    const job = await newJob(customer);
    const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
    const id = accepted.body.id as string;

    for (const outsider of [outsiderCustomer, outsiderProvider]) {
      const res = await http.get(`/v1/assignments/${id}`).set(outsider.auth).expect(404);
      expect(res.body.code).toBe('NF_RESOURCE');
      await http
        .post(`/v1/assignments/${id}/schedule/confirm`)
        .set(outsider.auth)
        .send({ schedule_version: 0 })
        .expect(404);
    }
    await http.get(`/v1/jobs/${job.body.id}`).set(outsiderCustomer.auth).expect(404);
    await http.get(`/v1/jobs/${job.body.id}`).set(outsiderProvider.auth).expect(404);
    await http.post(`/v1/assignments/${id}/reject`).set(outsiderProvider.auth).send({}).expect(404);
    await http.get(`/v1/assignments/${id}`).set(customer.auth).expect(200);
    await http.get(`/v1/assignments/${id}`).set(admin.auth).expect(200);
    const mine = await http.get('/v1/assignments').set(outsiderProvider.auth).expect(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    await http.get('/v1/assignments/not-a-uuid').set(customer.auth).expect(400);
  });

  it('reports capacity per practitioner and per daypart to admins', async () => {
    const from = localAhead('Europe/London', 14, '00:00');
    const to = localAhead('Europe/London', 15, '00:00');

    const byPractitioner = await http
      .get('/v1/admin/capacity')
      .query({ from, to, group_by: 'practitioner', resource_ids: practitionerId })
      .set(admin.auth)
      .expect(200);
    const byDaypart = await http
      .get('/v1/admin/capacity')
      .query({ from, to, group_by: 'daypart', resource_ids: practitionerId })
      .set(admin.auth)
      .expect(200);

    expect(byPractitioner.body.rows).toEqual([
      {
        key: practitionerId,
        name: 'Dr Who',
        available_minutes: 600,
        booked_minutes: expect.any(Number),
        utilisation: expect.any(Number),
      },
    ]);
    expect(byDaypart.body.rows.map((r: { key: string }) => r.key)).toEqual([
      'morning',
      'afternoon',
      'evening',
    ]);
    expect(byDaypart.body.rows[0].available_minutes).toBe(240);
    await http
      .get('/v1/admin/capacity')
      .query({ from, to, group_by: 'practitioner' })
      .set(provider.auth)
      .expect(403);
  });

  it('pages lists with opaque cursors and replays idempotent creates', async () => {
    // The customer's other job: without it, a page of one would be the last.
    await newJob(outsiderCustomer);
    const key = `idem-${Date.now()}`;
    const body = { service_type: 'massage', duration_minutes: 30, price_amount: 4000, currency: 'EUR' };
    const first = await http
      .post('/v1/jobs')
      .set(outsiderCustomer.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const again = await http
      .post('/v1/jobs')
      .set(outsiderCustomer.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);

    const page1 = await http.get('/v1/jobs').query({ limit: 1 }).set(outsiderCustomer.auth).expect(200);
    expect(page1.body).toMatchObject({
      items: [expect.any(Object)],
      has_more: true,
      next_cursor: expect.any(String),
    });
    const page2 = await http
      .get('/v1/jobs')
      .query({ limit: 1, cursor: page1.body.next_cursor })
      .set(outsiderCustomer.auth)
      .expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const bad = await http
      .get('/v1/jobs')
      .query({ cursor: 'garbage!' })
      .set(outsiderCustomer.auth)
      .expect(400);
    expect(bad.body.code).toBe('VAL_CURSOR');
  });
});
