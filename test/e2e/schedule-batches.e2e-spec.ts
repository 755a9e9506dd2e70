import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  createJob,
  Http,
  localAhead,
  signUpParties,
  useSchedulingPlatform,
  User,
} from './scheduling-support';

interface Item {
  position: number;
  status: string;
  assignment_id: string | null;
  booked_start: string | null;
  error_code: string | null;
}

/** SCH-8 end to end: bulk scheduling through the gateway, worked by scheduling's orchestrator. */
describe('schedule batches through the gateway', () => {
  let db: Client;
  let http: Http;
  let admin: User;
  let customer: User;
  let provider: User;
  let practitionerId: string;

  useSchedulingPlatform((started) => ({ http, db } = started));

  beforeAll(async () => {
    ({ admin, customer, provider, practitionerId } = await signUpParties(http, db));
  });

  /** A one-hour window `daysAhead` days from now at `time` London time. */
  const window = (daysAhead: number, time: string) => {
    const start = localAhead('Europe/London', daysAhead, time);
    return { start, end: new Date(Date.parse(start) + 3_600_000).toISOString() };
  };
  const openJob = async () => (await createJob(http, customer)).body.id as string;
  const jobItem = async (daysAhead: number, time: string) => ({
    job_id: await openJob(),
    practitioner_id: practitionerId,
    window: window(daysAhead, time),
  });

  const submit = (body: unknown, by: User = admin) =>
    http
      .post('/v1/admin/schedule-batches')
      .set(by.auth)
      .send(body as object);

  async function finished(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const res = await http.get(`/v1/admin/schedule-batches/${id}`).set(admin.auth).expect(200);
      if (res.body.status === 'completed' || res.body.status === 'stopped') return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`batch ${id} did not finish`);
  }

  async function allItems(id: string, limit = 100): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await http
        .get(`/v1/admin/schedule-batches/${id}/items`)
        .query({ limit, ...(cursor && { cursor }) })
        .set(admin.auth)
        .expect(200);
      items.push(...page.body.items);
      cursor = page.body.next_cursor ?? undefined;
    } while (cursor);
    return items;
  }

  it('skip: books what fits, skips a conflict, and answers 202 with the batch and its Location', async () => {
    const accepted = await http
      .post(`/v1/jobs/${await openJob()}/accept`)
      .set(provider.auth)
      .expect(201);
    const [first, second] = [await jobItem(20, '10:00'), await jobItem(20, '10:30')];
    const items = [first, second, { assignment_id: accepted.body.id as string, window: window(20, '12:00') }];
    const res = await submit({ conflict_policy: 'skip', items }).expect(202);
    expect(res.headers.location).toBe(`/v1/admin/schedule-batches/${res.body.id}`);
    expect(res.body).toMatchObject({ conflict_policy: 'skip', progress: { total: 3 } });

    const batch = await finished(res.body.id);
    expect(batch).toMatchObject({
      status: 'completed',
      progress: { total: 3, pending: 0, booked: 2, skipped: 1, failed: 0, not_attempted: 0 },
    });
    const results = await allItems(res.body.id);
    expect(results.map((i) => [i.position, i.status, i.error_code])).toEqual([
      [0, 'booked', null],
      [1, 'skipped', 'CF_PRACTITIONER_BUSY'],
      [2, 'booked', null],
    ]);
    // The same booking a confirm makes: the assignment is scheduled in the requested window.
    const assignment = await http.get(`/v1/assignments/${accepted.body.id}`).set(admin.auth).expect(200);
    expect(assignment.body).toMatchObject({ status: 'scheduled', scheduled_start: expect.any(String) });
    expect(Date.parse(assignment.body.scheduled_start)).toBe(Date.parse(items[2].window.start));
    const jobOfItem0 = await http.get(`/v1/jobs/${first.job_id}`).set(admin.auth).expect(200);
    expect(jobOfItem0.body).toMatchObject({ status: 'assigned', assignment_id: results[0].assignment_id });
    const jobOfItem1 = await http.get(`/v1/jobs/${second.job_id}`).set(admin.auth).expect(200);
    expect(jobOfItem1.body).toMatchObject({ status: 'open', assignment_id: null });
  });

  it('fail: stops at the first conflict and says what was committed', async () => {
    const items = [await jobItem(21, '10:00'), await jobItem(21, '10:00'), await jobItem(21, '14:00')];
    const res = await submit({ conflict_policy: 'fail', items }).expect(202);
    const batch = await finished(res.body.id);
    expect(batch).toMatchObject({
      status: 'stopped',
      stopped_at_position: 1,
      progress: { booked: 1, skipped: 1, not_attempted: 1, pending: 0 },
    });
    const results = await allItems(res.body.id);
    expect(results.map((i) => i.status)).toEqual(['booked', 'skipped', 'not_attempted']);
    const untouched = await http.get(`/v1/jobs/${items[2].job_id}`).set(admin.auth).expect(200);
    expect(untouched.body.status).toBe('open');
  });

  it('next_available: books the nearest free window of the same length instead', async () => {
    const items = [await jobItem(22, '10:00'), await jobItem(22, '10:00')];
    const res = await submit({ conflict_policy: 'next_available', items }).expect(202);
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', progress: { booked: 2 } });
    const [first, second] = await allItems(res.body.id);
    expect(Date.parse(first.booked_start!)).toBe(Date.parse(items[0].window.start));
    expect(Date.parse(second.booked_start!)).toBe(Date.parse(items[0].window.start) + 3_600_000);
  });

  it('takes 1,000 items, refuses 1,001, and pages the results', async () => {
    const item = () => ({ assignment_id: randomUUID(), window: window(23, '10:00') });
    const tooMany = await submit({
      conflict_policy: 'skip',
      items: Array.from({ length: 1001 }, item),
    }).expect(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.body.code).toBe('VAL_FAILED');

    const res = await submit({ conflict_policy: 'skip', items: Array.from({ length: 1000 }, item) }).expect(
      202,
    );
    const batch = await finished(res.body.id);
    expect(batch).toMatchObject({ status: 'completed', progress: { total: 1000, failed: 1000 } });
    const results = await allItems(res.body.id, 100);
    expect(results.map((i) => i.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new Set(results.map((i) => i.error_code))).toEqual(new Set(['NF_RESOURCE']));
    await http
      .get(`/v1/admin/schedule-batches/${res.body.id}/items`)
      .query({ cursor: 'not-a-cursor' })
      .set(admin.auth)
      .expect(400);
  });

  it.each([
    ['no items', { conflict_policy: 'skip', items: [] }],
    [
      'an unknown policy',
      { conflict_policy: 'retry', items: [{ assignment_id: randomUUID(), window: window(24, '10:00') }] },
    ],
    [
      'a window ending before it starts',
      {
        conflict_policy: 'skip',
        items: [
          {
            assignment_id: randomUUID(),
            window: { start: window(24, '10:00').end, end: window(24, '10:00').start },
          },
        ],
      },
    ],
    [
      'a window that is not a date-time',
      {
        conflict_policy: 'skip',
        items: [{ assignment_id: randomUUID(), window: { start: 'tomorrow', end: 'later' } }],
      },
    ],
    [
      'the same assignment twice',
      (() => {
        const id = randomUUID();
        return {
          conflict_policy: 'skip',
          items: [
            { assignment_id: id, window: window(24, '10:00') },
            { assignment_id: id, window: window(24, '12:00') },
          ],
        };
      })(),
    ],
    [
      'an assignment and a job in one item',
      {
        conflict_policy: 'skip',
        items: [
          {
            assignment_id: randomUUID(),
            job_id: randomUUID(),
            practitioner_id: randomUUID(),
            window: window(24, '10:00'),
          },
        ],
      },
    ],
    [
      'a job without a practitioner',
      { conflict_policy: 'skip', items: [{ job_id: randomUUID(), window: window(24, '10:00') }] },
    ],
    [
      'an unknown field',
      {
        conflict_policy: 'skip',
        extra: 1,
        items: [{ assignment_id: randomUUID(), window: window(24, '10:00') }],
      },
    ],
  ])('refuses %s with problem+json 400', async (_name, body) => {
    const res = await submit(body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VAL_FAILED');
  });

  it('is for admins only: 403 for a customer or provider, 401 without a token', async () => {
    const body = {
      conflict_policy: 'skip',
      items: [{ assignment_id: randomUUID(), window: window(25, '10:00') }],
    };
    await submit(body, customer).expect(403);
    await submit(body, provider).expect(403);
    await http.post('/v1/admin/schedule-batches').send(body).expect(401);
    const res = await submit(body).expect(202);
    await http.get(`/v1/admin/schedule-batches/${res.body.id}`).set(customer.auth).expect(403);
    await http.get(`/v1/admin/schedule-batches/${res.body.id}/items`).set(provider.auth).expect(403);
    await http.get(`/v1/admin/schedule-batches/${randomUUID()}`).set(admin.auth).expect(404);
  });

  it('replays the same batch to a retry with the same Idempotency-Key', async () => {
    const body = {
      conflict_policy: 'skip',
      items: [{ assignment_id: randomUUID(), window: window(26, '10:00') }],
    };
    const key = randomUUID();
    const first = await http
      .post('/v1/admin/schedule-batches')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    const again = await http
      .post('/v1/admin/schedule-batches')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.location).toBe(first.headers.location);
  });
});
