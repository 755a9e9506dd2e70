import request from 'supertest';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

describe('accounts through the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('registers, signs in and reads the profile with the access token', async () => {
    const email = uniqueEmail();
    const password = 'a long enough passphrase';
    const http = request(platform.url());
    await http.post('/v1/auth/register').send({ email, password }).expect(202);
    const login = await http.post('/v1/auth/login').send({ email, password }).expect(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const me = await http.get('/v1/me').set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    expect(me.body).toMatchObject({ email, role: 'customer' });
  });
});
