import { randomUUID } from 'node:crypto';
import { createSlotlineClient } from '../../clients/typescript';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('GW-7 typed client generated from the OpenAPI document', () => {
  let platform: TestPlatform;
  let api: ReturnType<typeof createSlotlineClient>;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
    api = createSlotlineClient({ baseUrl: platform.url() });
  });

  afterAll(() => platform.stop());

  it('registers, signs in and reads the profile with typed requests and answers', async () => {
    const email = uniqueEmail();
    const password = 'a long enough passphrase';

    const registered = await api.POST('/v1/auth/register', {
      body: { email, password, role: 'provider' },
      params: { header: { 'Idempotency-Key': randomUUID() } },
    });
    expect(registered.response.status).toBe(202);
    expect(registered.data?.status).toBe('accepted');

    const login = await api.POST('/v1/auth/login', { body: { email, password } });
    if (login.error) throw new Error(`login failed: ${login.error.code}`);
    expect(login.data).toMatchObject({ token_type: 'Bearer', aal: 'aal1' });
    expect(login.data.expires_in).toBeGreaterThan(0);

    const me = await createSlotlineClient({
      baseUrl: platform.url(),
      headers: { Authorization: `Bearer ${login.data.access_token}` },
    }).GET('/v1/me');
    if (me.error) throw new Error(`me failed: ${me.error.code}`);
    expect(me.data).toMatchObject({ email, role: 'provider' });
    expect(me.response.headers.get('x-request-id')).toBeTruthy();
  });

  it('returns a typed problem document for a request without a token', async () => {
    const { data, error, response } = await api.GET('/v1/me', {
      params: { header: { 'X-Request-ID': 'client-e2e-401' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error).toMatchObject({ status: 401, code: 'AUTH_UNAUTHENTICATED', request_id: 'client-e2e-401' });
  });

  it('returns the field errors of a request the gateway refuses', async () => {
    const { error, response } = await api.POST('/v1/auth/login', {
      body: { email: 'not-an-email', password: 'x' },
    });
    expect(response.status).toBe(400);
    expect(error?.code).toBe('VAL_FAILED');
    expect(error?.errors?.map((e) => e.field)).toContain('email');
  });

  it('answers wrong credentials with the documented code', async () => {
    const { error, response } = await api.POST('/v1/auth/login', {
      body: { email: uniqueEmail(), password: 'wrong but long enough' },
    });
    expect(response.status).toBe(401);
    expect(error?.code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});
