import { DateTime } from 'luxon';
import { Client } from 'pg';
import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import {
  EVERY_DAY,
  Http,
  signUp,
  startSchedulingPlatform,
  superuserDb,
  transitionDays,
  User,
} from './scheduling-support';

interface Zone {
  zone: string;
  std: string;
  dst: string;
  /** The local hour skipped in spring and the one repeated in autumn. */
  gapHour: number;
  repeatedHour: number;
}

const ZONES: Zone[] = [
  { zone: 'America/New_York', std: '-05:00', dst: '-04:00', gapHour: 2, repeatedHour: 1 },
  { zone: 'Europe/London', std: '+00:00', dst: '+01:00', gapHour: 1, repeatedHour: 1 },
  // Southern hemisphere: forward in October, back in April.
  { zone: 'Australia/Sydney', std: '+10:00', dst: '+11:00', gapHour: 2, repeatedHour: 2 },
];
const YEAR = DateTime.now().year + 1;
const hh = (h: number) => String(h).padStart(2, '0');

/** Hourly starts of one-hour slots between local 00:00 and 08:00 on a transition day. */
function expectedStarts(z: Zone, day: string, direction: 'forward' | 'back'): string[] {
  const starts: string[] = [];
  for (let h = 0; h < 8; h++) {
    if (direction === 'forward') {
      if (h !== z.gapHour) starts.push(`${day}T${hh(h)}:00:00${h < z.gapHour ? z.std : z.dst}`);
    } else if (h === z.repeatedHour) {
      starts.push(`${day}T${hh(h)}:00:00${z.dst}`, `${day}T${hh(h)}:00:00${z.std}`);
    } else {
      starts.push(`${day}T${hh(h)}:00:00${h < z.repeatedHour ? z.dst : z.std}`);
    }
  }
  return starts;
}

/** SCH-6 across DST in both directions, through the gateway, for three zones (Kolkata is covered by unit tests). */
describe('availability across daylight saving time', () => {
  let platform: TestPlatform;
  let db: Client;
  let http: Http;
  let customer: User;
  const practitioners = new Map<string, { id: string; provider: User }>();

  beforeAll(async () => {
    platform = await startSchedulingPlatform();
    db = await superuserDb();
    http = request(platform.url());
    customer = await signUp(http, db, 'customer');
    for (const { zone } of ZONES) {
      const provider = await signUp(http, db, 'provider');
      const me = await http
        .post('/v1/me/practitioner')
        .set(provider.auth)
        .send({ name: zone, time_zone: zone, weekly_hours: EVERY_DAY('00:00', '08:00') })
        .expect(201);
      practitioners.set(zone, { id: me.body.id, provider });
    }
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  describe.each(ZONES)('$zone', (z) => {
    it.each(['forward', 'back'] as const)('offers real hours on the day clocks go %s', async (direction) => {
      const day = transitionDays(z.zone, YEAR)[direction];
      const local = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone: z.zone }).toISO()!;

      const res = await http
        .get('/v1/availability')
        .query({
          practitioner_ids: practitioners.get(z.zone)!.id,
          from: local('00:00'),
          to: local('12:00'),
          duration_minutes: 60,
          step_minutes: 60,
          time_zone: z.zone,
        })
        .set(customer.auth)
        .expect(200);

      const starts = res.body.items.map((s: { start: string }) => s.start);
      expect(starts).toEqual(expectedStarts(z, day, direction));
      // 7 real hours when an hour is skipped, 9 when one repeats; each slot is 60 real minutes.
      expect(starts).toHaveLength(direction === 'forward' ? 7 : 9);
      for (const slot of res.body.items as Array<{ start: string; end: string }>) {
        expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(3_600_000);
      }
    });
  });

  it('refuses a date that does not exist instead of rolling it over (30 February)', async () => {
    const res = await http
      .get('/v1/availability')
      .query({ from: `${YEAR}-02-30T09:00:00Z`, to: `${YEAR}-03-02T09:00:00Z`, duration_minutes: 60 })
      .set(customer.auth)
      .expect(400);
    expect(res.body.code).toBe('VAL_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from', code: 'isInstant' })]);
  });

  it('refuses a proposal at a local time the clocks skip, naming the next valid instant', async () => {
    const ny = practitioners.get('America/New_York')!;
    const { forward, back } = transitionDays('America/New_York', YEAR);
    const job = await http
      .post('/v1/jobs')
      .set(customer.auth)
      .send({
        service_type: 'night visit',
        duration_minutes: 30,
        price_amount: 9900,
        currency: 'USD',
        time_zone: 'America/New_York',
      })
      .expect(201);
    await http.post(`/v1/jobs/${job.body.id}/accept`).set(ny.provider.auth).expect(201);

    const gap = await http
      .post(`/v1/jobs/${job.body.id}/schedule`)
      .set(customer.auth)
      .send({ local_start: `${forward}T02:30`, time_zone: 'America/New_York', schedule_version: 0 })
      .expect(422);
    expect(gap.body).toMatchObject({
      code: 'BR_NONEXISTENT_LOCAL_TIME',
      details: { next_valid: `${forward}T03:00:00-04:00` },
    });

    const repeated = await http
      .post(`/v1/jobs/${job.body.id}/schedule`)
      .set(customer.auth)
      .send({ local_start: `${back}T01:30`, ambiguous: 'later', schedule_version: 0 })
      .expect(200);
    expect(repeated.body).toMatchObject({
      proposed_start: `${back}T01:30:00-05:00`,
      proposed_end: `${back}T02:00:00-05:00`,
    });

    const outside = await http
      .post(`/v1/jobs/${job.body.id}/schedule`)
      .set(customer.auth)
      .send({ local_start: `${back}T09:00`, schedule_version: 1 })
      .expect(422);
    expect(outside.body.code).toBe('BR_OUTSIDE_WORKING_HOURS');
  });
});
