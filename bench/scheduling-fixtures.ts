/** The benchmark's people and calendars: sign-ups, 50 practitioners with weekly hours and time off. */
import { Client } from 'pg';
import { v4 as uuidv4 } from 'uuid';
import { BenchUser, SchedulingApi, everyDay, inBatches, localAt, weekOf } from './scheduling-api';

export const PRACTITIONER_COUNT = 50;
/** The practitioners that take bookings belong to real providers; the rest are created by an admin. */
export const BOOKING_PROVIDERS = 8;
export const BOOKING_ZONE = 'Europe/London';
const OTHER_ZONES = [
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Europe/Berlin',
];

export interface Cast {
  admin: BenchUser;
  customer: BenchUser;
  providers: BenchUser[];
  /** Practitioner ids of `providers`, in the same order (Europe/London, 08:00–18:00 every day). */
  bookingPractitioners: string[];
  /** All 50: the booking practitioners first. */
  practitioners: string[];
}

export async function castAndCalendars(api: SchedulingApi, db: Client, tag: string): Promise<Cast> {
  const roles: Array<'admin' | 'customer' | 'provider'> = [
    'admin',
    'customer',
    ...Array.from({ length: BOOKING_PROVIDERS }, () => 'provider' as const),
  ];
  const users = await inBatches(roles, 4, (role, i) => api.signUp(db, role, tag, i));
  const [admin, customer, ...providers] = users;

  const bookingPractitioners = await inBatches(providers, 4, async (p, i) => {
    const created = await api.must(201, 'POST', '/v1/me/practitioner', p.token, {
      name: `Bench practitioner ${i}`,
      time_zone: BOOKING_ZONE,
      weekly_hours: everyDay('08:00', '18:00'),
    });
    return created.id as string;
  });
  const others = await inBatches(
    Array.from({ length: PRACTITIONER_COUNT - BOOKING_PROVIDERS }, (_, j) => j),
    8,
    async (j) => {
      const created = await api.must(201, 'POST', '/v1/admin/practitioners', admin.token, {
        user_id: uuidv4(),
        name: `Bench practitioner ${BOOKING_PROVIDERS + j}`,
        time_zone: OTHER_ZONES[j % OTHER_ZONES.length],
        weekly_hours: weekOf(j % 3),
        buffer_after_minutes: j % 2 ? 15 : 0,
      });
      return created.id as string;
    },
  );
  const practitioners = [...bookingPractitioners, ...others];

  // Time off on days 15–19, clear of every window the benchmark books.
  await inBatches(practitioners, 8, async (id, j) => {
    const zone =
      j < BOOKING_PROVIDERS ? BOOKING_ZONE : OTHER_ZONES[(j - BOOKING_PROVIDERS) % OTHER_ZONES.length];
    const start = localAt(zone, 15 + (j % 5), 10);
    await api.must(201, 'POST', `/v1/admin/practitioners/${id}/time-off`, admin.token, {
      start: start.toISO(),
      end: start.plus({ hours: 5 }).toISO(),
      reason: 'benchmark',
    });
  });
  return { admin, customer, providers, bookingPractitioners, practitioners };
}

/**
 * The n-th one-hour window, round robin over the booking practitioners, ten a day from 08:00 local,
 * starting `firstDay` days ahead: no two windows of one practitioner overlap.
 */
export function windowAt(n: number, firstDay: number): { practitioner: number; start: Date; end: Date } {
  const practitioner = n % BOOKING_PROVIDERS;
  const k = Math.floor(n / BOOKING_PROVIDERS);
  const start = localAt(BOOKING_ZONE, firstDay + Math.floor(k / 10), 8 + (k % 10));
  return { practitioner, start: start.toJSDate(), end: start.plus({ hours: 1 }).toJSDate() };
}
