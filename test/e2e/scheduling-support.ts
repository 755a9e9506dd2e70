import { DateTime } from 'luxon';
import { Client } from 'pg';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';
import { Http, RunningPlatform, usePlatform } from '../support/use-platform';

/** Shared by the scheduling*.e2e-spec.ts files: the apps, real sign-ups and tokens, DST days. */
const PASSWORD = 'a long enough passphrase';

export type { Http };
export { superuserDb } from '../support/use-platform';

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

/** The scheduling apps for one describe block (see usePlatform). */
export function useSchedulingPlatform(started: (running: RunningPlatform) => void): void {
  usePlatform(startSchedulingPlatform, started);
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

/** The address `user` registered with, as notifications will write to it. */
export async function emailOf(db: Client, user: User): Promise<string> {
  const { rows } = await db.query('SELECT email FROM auth.users WHERE id = $1', [user.id]);
  return rows[0].email as string;
}

/** A provider signed up with a practitioner record named `name`, open 08:00–18:00 in London every day. */
export async function signUpPractitioner(http: Http, db: Client, name: string): Promise<User> {
  const provider = await signUp(http, db, 'provider');
  await http
    .post('/v1/me/practitioner')
    .set(provider.auth)
    .send({ name, time_zone: 'Europe/London', weekly_hours: EVERY_DAY('08:00', '18:00') })
    .expect(201);
  return provider;
}

export interface PendingProposal {
  jobId: string;
  assignmentId: string;
  /** The schedule_version to confirm with. */
  version: number;
}

/** A job by `customer`, accepted by `provider`, with the customer's proposal for 10:00 London time pending. */
export async function pendingProposal(
  http: Http,
  parties: { customer: User; provider: User },
  daysAhead: number,
  extra: Record<string, unknown> = {},
): Promise<PendingProposal> {
  const job = await createJob(http, parties.customer, extra);
  const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(parties.provider.auth).expect(201);
  const proposed = await http
    .post(`/v1/jobs/${job.body.id}/schedule`)
    .set(parties.customer.auth)
    .send({ start: localAhead('Europe/London', daysAhead, '10:00'), schedule_version: 0 })
    .expect(200);
  return { jobId: job.body.id, assignmentId: accepted.body.id, version: proposed.body.schedule_version };
}

/** Who the negotiation tests work with; each provider has a practitioner record (8:00–18:00 in London). */
export interface Parties {
  admin: User;
  customer: User;
  provider: User;
  /** A customer and a provider who are parties to none of the others' jobs. */
  outsiderCustomer: User;
  outsiderProvider: User;
  /** The practitioner record of `provider`, named Dr Who. */
  practitionerId: string;
  /** A room open 07:00–20:00 in London. */
  roomId: string;
}

export async function signUpParties(http: Http, db: Client): Promise<Parties> {
  const [admin, customer, provider, outsiderCustomer, outsiderProvider] = await Promise.all([
    signUp(http, db, 'admin'),
    signUp(http, db, 'customer'),
    signUp(http, db, 'provider'),
    signUp(http, db, 'customer'),
    signUp(http, db, 'provider'),
  ]);
  const room = await http
    .post('/v1/admin/rooms')
    .set(admin.auth)
    .send({
      name: 'Treatment room 1',
      time_zone: 'Europe/London',
      weekly_hours: EVERY_DAY('07:00', '20:00'),
    })
    .expect(201);
  const me = await http
    .post('/v1/me/practitioner')
    .set(provider.auth)
    .send({ name: 'Dr Who', time_zone: 'Europe/London', weekly_hours: EVERY_DAY('08:00', '18:00') })
    .expect(201);
  expect(me.body).toMatchObject({
    kind: 'practitioner',
    user_id: provider.id,
    buffer_before_minutes: 0,
    active: true,
  });
  await http
    .post('/v1/me/practitioner')
    .set(outsiderProvider.auth)
    .send({ name: 'Other', time_zone: 'Europe/London', weekly_hours: EVERY_DAY('08:00', '18:00') })
    .expect(201);
  return {
    admin,
    customer,
    provider,
    outsiderCustomer,
    outsiderProvider,
    practitionerId: me.body.id,
    roomId: room.body.id,
  };
}

/** `POST /v1/jobs` by `by`: a 60-minute physio visit in London for 125.00 GBP, unless `extra` says otherwise. */
export function createJob(http: Http, by: User, extra: Record<string, unknown> = {}) {
  return http
    .post('/v1/jobs')
    .set(by.auth)
    .send({
      service_type: 'physio',
      duration_minutes: 60,
      price_amount: 12_500,
      currency: 'GBP',
      time_zone: 'Europe/London',
      ...extra,
    })
    .expect(201);
}

/** The provider proposes `start` for a fresh assignment and the customer confirms: the visit is booked. */
export async function bookVisit(
  http: Http,
  assignmentId: string,
  parties: { provider: User; customer: User },
  start: string,
): Promise<void> {
  await http
    .post(`/v1/assignments/${assignmentId}/schedule`)
    .set(parties.provider.auth)
    .send({ start, schedule_version: 0 })
    .expect(200);
  await http
    .post(`/v1/assignments/${assignmentId}/schedule/confirm`)
    .set(parties.customer.auth)
    .send({ schedule_version: 1 })
    .expect(200);
}

/**
 * A job by `customer`, accepted by `provider`, booked for 10:00 London time `daysAhead` days out, started
 * and completed by the provider: what payouts turns into a pending payout. Returns the assignment id.
 */
export async function completedVisit(
  http: Http,
  db: Client,
  parties: { customer: User; provider: User },
  daysAhead: number,
): Promise<string> {
  const job = await createJob(http, parties.customer);
  const accepted = await http.post(`/v1/jobs/${job.body.id}/accept`).set(parties.provider.auth).expect(201);
  const assignmentId = accepted.body.id as string;
  await bookVisit(http, assignmentId, parties, localAhead('Europe/London', daysAhead, '10:00'));
  await visitStarted(db, assignmentId);
  await http.post(`/v1/assignments/${assignmentId}/complete`).set(parties.provider.auth).expect(200);
  return assignmentId;
}

/**
 * Time passes: the booked visit began an hour ago. A visit is completed only once it has started
 * (BR_VISIT_NOT_STARTED), and tests move it into the past rather than wait for it.
 */
export async function visitStarted(db: Client, assignmentId: string): Promise<void> {
  await db.query(
    `UPDATE scheduling.assignments SET scheduled_start = now() - interval '1 hour', scheduled_end = now() WHERE id = $1`,
    [assignmentId],
  );
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
