import type { OpenAPIObject } from '@nestjs/swagger';
import { isErrorCode } from '@slotline/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TestPlatform } from '../support/test-platform';
import { usePlatform } from '../support/use-platform';
import { Http, signUp, signUpPractitioner, User } from './scheduling-support';
import { deeplyNested, FuzzCase, fuzzCases } from '../support/openapi-fuzz';

const CONCURRENCY = 6;
/** Run last: they end the caller's own sessions, after which everything else would only see 401. */
const ENDS_SESSION = /^(POST \/v1\/auth\/logout|DELETE \/v1\/me\/sessions)$/;

interface Answer {
  status: number;
  type: string;
  body: { code?: unknown; trace_id?: unknown };
}

/**
 * GW-6 under hostile input: every operation of the OpenAPI document, with malformed variants of its
 * ids, query and body. No request may get a 5xx, and every refusal is problem+json with a taxonomy
 * code and a trace id. The gateway runs in this process, so a prototype polluted by a body would show.
 */
describe('hostile input at the gateway', () => {
  let http: Http;
  let admin: User;
  let provider: User;
  let db: Client;

  // The default (high) rate limits: a few thousand requests from one address is what is tested, not throttling.
  usePlatform(
    () => TestPlatform.start({ apps: ['auth-audit', 'scheduling', 'gateway'] }),
    (started) => ({ http, db } = started),
  );

  beforeAll(async () => {
    [admin, provider] = await Promise.all([
      signUp(http, db, 'admin'),
      signUpPractitioner(http, db, 'Fuzzed'),
    ]);
  });

  function send(c: Pick<FuzzCase, 'method' | 'url' | 'body'>, user: User): Promise<Answer> {
    let req = http[c.method as 'get'](c.url).set(user.auth);
    if (c.method === 'post') req = req.set('Idempotency-Key', randomUUID());
    if (c.body !== undefined) req = req.set('Content-Type', 'application/json').send(c.body);
    return req.then((res) => ({
      status: res.status,
      type: res.headers['content-type'] ?? '',
      body: res.body,
    }));
  }

  function fault(a: Answer): string | null {
    if (a.status >= 500) return `status ${a.status} (${String(a.body?.code)})`;
    if (a.status < 400) return null;
    if (!/^application\/problem\+json/.test(a.type)) return `status ${a.status} as ${a.type || 'no type'}`;
    if (!isErrorCode(a.body.code)) return `status ${a.status} without a taxonomy code`;
    if (typeof a.body.trace_id !== 'string' || !a.body.trace_id)
      return `${String(a.body.code)} without trace_id`;
    return null;
  }

  it('answers the two bodies that used to crash with 400 VAL_FAILED naming the field', async () => {
    const deep = await send({ method: 'post', url: '/v1/jobs', body: deeplyNested(40_000) }, admin);
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ code: 'VAL_FAILED', errors: [{ code: 'max_depth' }] });
    const surrogate = await http
      .post('/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send('{"email":"a\\ud800@example.com","password":"a long enough passphrase"}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({
      code: 'VAL_FAILED',
      errors: [{ field: 'body.email', code: 'invalid_unicode' }],
    });
  });

  it('never answers 5xx or a non-problem refusal to malformed variants of every operation', async () => {
    const doc = (await http.get('/openapi.json').expect(200)).body as OpenAPIObject;
    const all = fuzzCases(doc);
    const cases = [
      ...all.filter((c) => !ENDS_SESSION.test(c.operation)),
      ...all.filter((c) => ENDS_SESSION.test(c.operation)),
    ];
    const statuses = new Map<number, number>();
    const faults: string[] = [];
    let next = 0;
    await Promise.all(
      [...Array(CONCURRENCY)].map(async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const answer = await send(c, c.url.startsWith('/v1/me/practitioner') ? provider : admin);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const f = fault(answer);
          if (f) faults.push(`${c.operation} with ${c.what}: ${f}`);
        }
      }),
    );
    const operations = new Set(cases.map((c) => c.operation)).size;
    process.stdout.write(
      `fuzz: ${cases.length} requests over ${operations} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`,
    );
    expect(operations).toBeGreaterThanOrEqual(60);
    expect(faults).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
