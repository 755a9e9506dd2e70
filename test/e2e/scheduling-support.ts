import { DateTime } from 'luxon';
import { Client } from 'pg';
import request from 'supertest';
import { SUPERUSER_TEST_URL, uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

/** Shared by the scheduling*.e2e-spec.ts files: the apps, real sign-ups and tokens, DST days. */
const PASSWORD = 'a long enough passphrase';

export type Http = ReturnType<typeof request>;

export interface User {
  id: string;
  token: string;
  auth: { Authorization: string };
}

export function startSchedulingPlatform(): Promise<TestPlatform> {
  // Many sign-ups and writes from one IP in a few seconds: the limits are not what is tested here.
  return TestPlatform.start({
    apps: ['auth-audit', 'scheduling', 'gateway'],
    env: { RATE_LIMIT_AUTH_POINTS: '1000', RATE_LIMIT_WRITE_POINTS: '1000', RATE_LIMIT_ADMIN_POINTS: '1000' },
  });
}

export async function superuserDb(): Promise<Client> {
  const db = new Client({ connectionString: SUPERUSER_TEST_URL });
  await db.connect();
  return db;
}

/**
 * Registers through the API (customer or provider, as self-service allows) and signs in. An admin is
 * registered as a customer, promoted in the database as an operator would, and signs in again.
 */
export async function signUp(http: Http, db: Client, role: 'customer' | 'provider' | 'admin'): Promise<User> {
  const email = uniqueEmail();
  const selfRole = role === 'admin' ? 'customer' : role;
  await http.post('/v1/auth/register').send({ email, password: PASSWORD, role: selfRole }).expect(202);
  if (role === 'admin') await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', ['admin', email]);
  const login = await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  const token = login.body.access_token as string;
  const me = await http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
  expect(me.body.role).toBe(role);
  return { id: me.body.id as string, token, auth: { Authorization: `Bearer ${token}` } };
}

export const EVERY_DAY = (start: string, end: string) =>
  Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [
      d,
      [{ start, end }],
    ]),
  );

/** A local date `daysAhead` days from today in `zone`, at `time` (HH:mm), as an instant with offset. */
export function localAhead(zone: string, daysAhead: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now()
    .setZone(zone)
    .plus({ days: daysAhead })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toISO({ suppressMilliseconds: true })!;
}

/** The local dates (YYYY-MM-DD) of `year` on which `zone`'s offset changes: [forward, back] in order of the year. */
export function transitionDays(zone: string, year: number): { forward: string; back: string } {
  const found: { forward?: string; back?: string } = {};
  for (
    let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
    day.year === year;
    day = day.plus({ days: 1 })
  ) {
    const before = day.startOf('day').offset;
    const after = day.endOf('day').offset;
    if (after > before) found.forward = day.toISODate()!;
    if (after < before) found.back = day.toISODate()!;
  }
  if (!found.forward || !found.back) throw new Error(`${zone} has no DST in ${year}`);
  return { forward: found.forward, back: found.back };
}
