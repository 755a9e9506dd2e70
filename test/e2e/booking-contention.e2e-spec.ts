import { Client } from 'pg';
import { TEST_DATABASE } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';
import { usePlatform } from '../support/use-platform';
import { createJob, EVERY_DAY, Http, localAhead, signUp, User } from './scheduling-support';

const BURST = 40;
const BURSTS = 3;
const STAGGER_MINUTES = 10;
const BUSY_CODES = ['CF_PRACTITIONER_BUSY', 'CF_ROOM_BUSY', 'CF_EQUIPMENT_BUSY'];

/**
 * Staggered confirms (60-minute visits whose starts are 10 minutes apart, so each overlaps several
 * others) over one practitioner, one room and one piece of equipment, several bursts in a row. Bookings
 * that share a resource queue behind each other in one order: every client hears 200 or 409 with the
 * clashing window, PostgreSQL reports no deadlock, and the table holds no overlap.
 */
describe('booking under staggered contention', () => {
  let platform: TestPlatform;
  let db: Client;
  let http: Http;
  let customer: User;
  let provider: User;
  let practitionerId: string;
  let roomId: string;
  let equipmentId: string;
  let deadlocksBefore: number;

  // Confirms of one resource run one after the other now: 40 of them take well under a second on an idle
  // machine, but far longer on a CI box shared with other suites. What is tested is that every one is
  // answered 200 or 409 and nothing deadlocks, not the latency, so the gateway waits longer than 5 s.
  usePlatform(
    () =>
      TestPlatform.start({
        apps: ['auth-audit', 'scheduling', 'gateway'],
        env: {
          RATE_LIMIT_AUTH_POINTS: '1000',
          RATE_LIMIT_WRITE_POINTS: '1000',
          RATE_LIMIT_ADMIN_POINTS: '1000',
        },
        appEnv: { gateway: { NATS_REQUEST_TIMEOUT_MS: '60000' } },
      }),
    (started) => ({ platform, http, db } = started),
  );

  async function deadlocks(): Promise<number> {
    await db.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await db.query('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = $1', [
      TEST_DATABASE,
    ]);
    return rows[0].n as number;
  }

  beforeAll(async () => {
    const admin = await signUp(http, db, 'admin');
    [customer, provider] = await Promise.all([signUp(http, db, 'customer'), signUp(http, db, 'provider')]);
    const hours = { time_zone: 'Europe/London', weekly_hours: EVERY_DAY('07:00', '20:00') };
    const [me, room, equipment] = await Promise.all([
      http
        .post('/v1/me/practitioner')
        .set(provider.auth)
        .send({ name: 'Dr Busy', ...hours })
        .expect(201),
      http
        .post('/v1/admin/rooms')
        .set(admin.auth)
        .send({ name: 'Room', ...hours })
        .expect(201),
      http
        .post('/v1/admin/equipment')
        .set(admin.auth)
        .send({ name: 'Laser', ...hours })
        .expect(201),
    ]);
    [practitionerId, roomId, equipmentId] = [me.body.id, room.body.id, equipment.body.id];
    deadlocksBefore = await deadlocks();
  });

  /** A proposal by the customer for each start, ready for the provider to confirm. */
  async function proposals(starts: string[]): Promise<Array<{ id: string; version: number }>> {
    const out: Array<{ id: string; version: number }> = [];
    // A few at a time: the set-up is not what is measured.
    for (let i = 0; i < starts.length; i += 8) {
      out.push(
        ...(await Promise.all(
          starts.slice(i, i + 8).map(async (start) => {
            const job = await createJob(http, customer, { room_id: roomId, equipment_ids: [equipmentId] });
            const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(provider.auth).expect(201);
            const proposed = await http
              .post(`/v1/jobs/${job.body.id}/schedule`)
              .set(customer.auth)
              .send({ start, schedule_version: 0 })
              .expect(200);
            return { id: accepted.body.id as string, version: proposed.body.schedule_version as number };
          }),
        )),
      );
    }
    return out;
  }

  it(`answers every one of ${BURSTS} bursts of ${BURST} staggered confirms with 200 or 409 and books no overlap`, async () => {
    for (let burst = 0; burst < BURSTS; burst++) {
      const starts = [...Array(BURST).keys()].map((i) => {
        const minutes = 7 * 60 + i * STAGGER_MINUTES;
        const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        return localAhead('Europe/London', 30 + burst, hhmm);
      });
      const pending = await proposals(starts);
      const replies = await Promise.all(
        pending.map((p) =>
          http
            .post(`/v1/assignments/${p.id}/schedule/confirm`)
            .set(provider.auth)
            .send({ schedule_version: p.version }),
        ),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
      // A booking blocks the starts up to 50 minutes either side of its own: at least one in eleven wins.
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(Math.floor(BURST / 11));
      for (const r of replies.filter((x) => x.status === 409)) {
        expect(BUSY_CODES).toContain(r.body.code);
        expect(r.body.details).toMatchObject({
          clashing: { start: expect.any(String), end: expect.any(String) },
        });
      }
    }
    for (const resourceId of [practitionerId, roomId, equipmentId]) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM scheduling.booking_resources a JOIN scheduling.booking_resources b
           ON a.resource_id = b.resource_id AND a.booking_id < b.booking_id AND a.booked && b.booked
         WHERE a.active AND b.active AND a.resource_id = $1`,
        [resourceId],
      );
      expect(rows[0].n).toBe(0);
    }
  }, 300_000);

  it('made PostgreSQL report no deadlock', async () => {
    // A backend reports its statistics when it goes idle for a while or exits: closing the service's pool flushes them.
    await platform.stopOne('scheduling');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await deadlocks()) - deadlocksBefore).toBe(0);
  });
});
