/** A small client for the scheduling benchmark: real sign-ups and tokens through the gateway, like a user. */
import { DateTime } from 'luxon';
import { Client } from 'pg';

const PASSWORD = 'benchmark passphrase 42';
export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Hours = Record<string, Array<{ start: string; end: string }>>;

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface BenchUser {
  id: string;
  token: string;
}

export class SchedulingApi {
  constructor(private readonly base: string) {}

  async call(method: string, path: string, token?: string, body?: object): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Like `call`, but any status other than `expected` stops the benchmark with the answer. */
  async must(
    expected: number,
    method: string,
    path: string,
    token?: string,
    body?: object,
  ): Promise<Reply['body']> {
    const r = await this.call(method, path, token, body);
    if (r.status !== expected) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Registers (admins as customers, then promoted in the database as an operator would) and signs in. */
  async signUp(
    db: Client,
    role: 'customer' | 'provider' | 'admin',
    tag: string,
    n: number,
  ): Promise<BenchUser> {
    const email = `${tag}-${role}-${n}@example.com`;
    await this.must(202, 'POST', '/v1/auth/register', undefined, {
      email,
      password: PASSWORD,
      role: role === 'admin' ? 'customer' : role,
    });
    if (role === 'admin') await db.query(`UPDATE auth.users SET role = 'admin' WHERE email = $1`, [email]);
    const { access_token } = await this.must(200, 'POST', '/v1/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    const me = await this.must(200, 'GET', '/v1/me', access_token);
    return { id: me.id, token: access_token };
  }

  newJob(customer: BenchUser): Promise<{ id: string }> {
    return this.must(201, 'POST', '/v1/jobs', customer.token, {
      service_type: 'physio',
      duration_minutes: 60,
      price_amount: 12_500,
      currency: 'GBP',
      time_zone: 'Europe/London',
    });
  }

  /** Job → accept → the customer proposes `start`: an assignment waiting for the provider's confirm. */
  async proposedAssignment(customer: BenchUser, provider: BenchUser, start: string): Promise<string> {
    const job = await this.newJob(customer);
    const assignment = await this.must(201, 'POST', `/v1/jobs/${job.id}/accept`, provider.token);
    await this.must(200, 'POST', `/v1/jobs/${job.id}/schedule`, customer.token, {
      start,
      schedule_version: 0,
    });
    return assignment.id as string;
  }

  confirm(provider: BenchUser, assignmentId: string): Promise<Reply> {
    return this.call('POST', `/v1/assignments/${assignmentId}/schedule/confirm`, provider.token, {
      schedule_version: 1,
    });
  }
}

export const everyDay = (start: string, end: string): Hours =>
  Object.fromEntries(DAYS.map((d) => [d, [{ start, end }]]));

/** Three kinds of week, so that availability meets weekends off and split days. */
export function weekOf(kind: number): Hours {
  if (kind === 0)
    return Object.fromEntries(DAYS.slice(0, 5).map((d) => [d, [{ start: '09:00', end: '17:00' }]]));
  if (kind === 1) return everyDay('08:00', '18:00');
  return Object.fromEntries(
    DAYS.slice(0, 6).map((d) => [
      d,
      [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '19:00' },
      ],
    ]),
  );
}

/** `daysAhead` local days from today in `zone`, at hour:minute, as an instant with offset. */
export function localAt(zone: string, daysAhead: number, hour: number, minute = 0): DateTime {
  return DateTime.now()
    .setZone(zone)
    .plus({ days: daysAhead })
    .set({ hour, minute, second: 0, millisecond: 0 });
}

export async function inBatches<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
