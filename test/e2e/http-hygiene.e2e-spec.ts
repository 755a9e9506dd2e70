import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('GW-6 HTTP hygiene', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      apps: ['auth-audit', 'gateway'],
      appEnv: { gateway: { CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' } },
    });
    http = request(platform.url());
  });

  afterAll(() => platform.stop());

  it('sends security headers on every answer, errors included', async () => {
    for (const res of [await http.get('/.well-known/jwks.json'), await http.get('/v1/nope')]) {
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('allows CORS only for listed origins', async () => {
    const allowed = await http
      .options('/v1/me')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const denied = await http
      .options('/v1/me')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'GET');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('compresses large answers when the client accepts it', async () => {
    const res = await http.get('/metrics').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('answers 304 to a repeated GET with If-None-Match', async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: 'a long enough passphrase' }).expect(202);
    const { access_token } = (
      await http.post('/v1/auth/login').send({ email, password: 'a long enough passphrase' })
    ).body;
    const first = await http.get('/v1/me').set('Authorization', `Bearer ${access_token}`).expect(200);
    expect(first.headers.etag).toBeDefined();
    await http
      .get('/v1/me')
      .set('Authorization', `Bearer ${access_token}`)
      .set('If-None-Match', first.headers.etag)
      .expect(304);
  });

  it("answers 304 to Node's own fetch, which adds Cache-Control: no-cache to a conditional GET", async () => {
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: 'a long enough passphrase' }).expect(202);
    const { access_token } = (
      await http.post('/v1/auth/login').send({ email, password: 'a long enough passphrase' })
    ).body;
    const auth = { Authorization: `Bearer ${access_token}` };
    const first = await fetch(`${platform.url()}/v1/me`, { headers: auth });
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\//);

    const again = await fetch(`${platform.url()}/v1/me`, { headers: { ...auth, 'If-None-Match': etag! } });
    // The same whichever fetch version is installed: the header spelled out.
    const explicit = await fetch(`${platform.url()}/v1/me`, {
      headers: { ...auth, 'If-None-Match': etag!, 'Cache-Control': 'no-cache', Pragma: 'no-cache' },
    });
    const stale = await fetch(`${platform.url()}/v1/me`, {
      headers: { ...auth, 'If-None-Match': 'W/"old"' },
    });

    expect([again.status, explicit.status, stale.status]).toEqual([304, 304, 200]);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
  });
});
