import { DataSource } from 'typeorm';
import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

const PASSWORD = 'a long enough passphrase';

describe('AUTH-1 accounts through the gateway', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      apps: ['auth-audit', 'gateway'],
      appEnv: { 'auth-audit': { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '1000' } },
    });
    http = request(platform.url());
  });

  afterAll(() => platform.stop());

  it('registers, signs in and reads the profile with the access token', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const login = await http
      .post('/v1/auth/login')
      .send({ email: email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(login.body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await http.get('/v1/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email,
      role: 'customer',
      created_at: expect.any(String),
      phone: null,
      time_zone: 'UTC',
      locale: 'en',
    });

    // Contact details for notifications, validated at the edge (E.164, IANA zone, BCP 47).
    const auth = { Authorization: `Bearer ${login.body.access_token}` };
    const bad = await http
      .patch('/v1/me')
      .set(auth)
      .send({ phone: '0770 0900', time_zone: 'Atlantis/Capital', locale: '!!' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'locale',
      'phone',
      'time_zone',
    ]);
    const changed = await http
      .patch('/v1/me')
      .set(auth)
      .send({ phone: '+447700900123', time_zone: 'Europe/London', locale: 'en-GB' })
      .expect(200);
    expect(changed.body).toMatchObject({
      phone: '+447700900123',
      time_zone: 'Europe/London',
      locale: 'en-GB',
    });
    const again = await http.get('/v1/me').set(auth).expect(200);
    expect(again.body).toMatchObject({ phone: '+447700900123', time_zone: 'Europe/London', locale: 'en-GB' });
  });

  it('answers a second registration of the same address exactly like the first (no enumeration)', async () => {
    const email = uniqueEmail();
    const first = await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const again = await http
      .post('/v1/auth/register')
      .send({ email, password: 'another long passphrase' })
      .expect(202);
    expect(again.body).toEqual(first.body);
    // The original password still works: the second call changed nothing.
    await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  });

  it('gives the same failure for an unknown account and a wrong password', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const wrong = await http.post('/v1/auth/login').send({ email, password: 'not the right one' });
    const unknown = await http
      .post('/v1/auth/login')
      .send({ email: uniqueEmail(), password: 'not the right one' });
    const strip = (b: Record<string, unknown>) => ({ ...b, trace_id: undefined, request_id: undefined });
    expect(wrong.status).toBe(401);
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });

  it('enforces the password policy and names the field', async () => {
    const short = await http
      .post('/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'short' })
      .expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'minLength' })]);
    const common = await http
      .post('/v1/auth/register')
      .send({ email: uniqueEmail(), password: 'password1234' })
      .expect(400);
    expect(common.body.errors).toEqual([
      expect.objectContaining({ field: 'password', code: 'password_common' }),
    ]);
  });

  it('refuses privileged or unknown fields at sign-up (mass assignment)', async () => {
    const res = await http
      .post('/v1/auth/register')
      .send({ email: uniqueEmail(), password: PASSWORD, role: 'admin' })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'role' });
    const provider = uniqueEmail();
    await http
      .post('/v1/auth/register')
      .send({ email: provider, password: PASSWORD, role: 'provider' })
      .expect(202);
    const token = (await http.post('/v1/auth/login').send({ email: provider, password: PASSWORD })).body
      .access_token;
    expect((await http.get('/v1/me').set('Authorization', `Bearer ${token}`)).body.role).toBe('provider');
  });

  it('throttles sign-in per account after repeated failures, even with the right password', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    for (let i = 0; i < 3; i++)
      await http.post('/v1/auth/login').send({ email, password: 'wrong password' }).expect(401);
    const res = await http.post('/v1/auth/login').send({ email, password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LOGIN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts a parallel burst of wrong passwords one by one: no extra tries', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        http.post('/v1/auth/login').send({ email, password: 'wrong password' }),
      ),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('stores only an argon2id hash of the password', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const ds = platform.apps.get('auth-audit')!.app.get(DataSource);
    const [row] = await ds.query('SELECT password_hash FROM auth.users WHERE email = $1', [email]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });
});
