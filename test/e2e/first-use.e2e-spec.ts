import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

const PASSWORD = 'a long enough passphrase';

/** The first hour on a developer's machine (issue 9): what `npm start` does under NODE_ENV=development. */
describe('first use in development', () => {
  let platform: TestPlatform;
  let dir: string;
  let keyFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'slotline-first-use-'));
    keyFile = path.join(dir, 'nested', 'dev-signing-keys.json');
    platform = await TestPlatform.start({
      apps: ['auth-audit', 'gateway'],
      env: {
        NODE_ENV: 'development',
        AUTH_DEV_SIGNING_KEY_FILE: keyFile,
        // Back to the defaults a developer gets (the harness raises them for parallel test files).
        RATE_LIMIT_AUTH_POINTS: '',
        LOGIN_MAX_FAILURES_PER_IP: '',
      },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tokens valid across a restart: the generated key lives in an owner-only local file', async () => {
    const email = uniqueEmail();
    await request(platform.url()).post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const login = await request(platform.url())
      .post('/v1/auth/login')
      .send({ email, password: PASSWORD })
      .expect(200);

    await platform.stopOne('gateway');
    await platform.stopOne('auth-audit');
    await platform.startOne('auth-audit');
    await platform.startOne('gateway');

    const me = await request(platform.url())
      .get('/v1/me')
      .set('Authorization', `Bearer ${login.body.access_token}`);
    expect([me.status, me.body.email]).toEqual([200, email]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('lets the quickstart and a few experiments through the sign-in limits', async () => {
    const http = request(platform.url());
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
    const statuses: number[] = [];
    // Typos first, as a person trying the API makes them, then a dozen sign-ins and refreshes.
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await http.post('/v1/auth/login').send({ email, password: `wrong ${i} passphrase` })).status,
      );
    let refresh = '';
    for (let i = 0; i < 12; i++) {
      const res = refresh
        ? await http.post('/v1/auth/refresh').send({ refresh_token: refresh })
        : await http.post('/v1/auth/login').send({ email, password: PASSWORD });
      statuses.push(res.status);
      refresh = i % 3 === 2 ? '' : res.body.refresh_token;
    }

    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
    expect(statuses.slice(6)).toEqual(Array(12).fill(200));
  });
});
