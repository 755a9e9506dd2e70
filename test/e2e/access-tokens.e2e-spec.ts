import { ACCESS_TOKEN } from '@slotline/contracts';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import request from 'supertest';
import { SigningKeys } from '../../apps/auth-audit/src/tokens/signing-keys';
import { TestPlatform } from '../support/test-platform';
import { uniqueEmail } from '../support/test-env';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('AUTH-3 access tokens verified locally by the gateway', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let valid: string;
  let realKey: { kid: string; privateKey: KeyLike };

  const claims = () => ({ role: 'customer', sid: '01a2024b-fe2a-7445-8ac2-8b2153bfa29c', aal: 'aal1' });
  const signWithRealKey = (mutate: (jwt: SignJWT) => SignJWT, header: object = {}) =>
    mutate(
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN.type, kid: realKey.kid, ...header })
        .setSubject('01a2024b-fddd-7445-8ac2-7facd89b159a')
        .setIssuedAt()
        .setNotBefore('0s'),
    ).sign(realKey.privateKey);
  const standard = (jwt: SignJWT) =>
    jwt.setIssuer(ACCESS_TOKEN.issuer).setAudience(ACCESS_TOKEN.audience).setExpirationTime('5m');

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
    http = request(platform.url());
    const email = uniqueEmail();
    await http.post('/v1/auth/register').send({ email, password: 'a long enough passphrase' }).expect(202);
    valid = (
      await http.post('/v1/auth/login').send({ email, password: 'a long enough passphrase' }).expect(200)
    ).body.access_token;
    realKey = platform.apps.get('auth-audit')!.app.get(SigningKeys).active;
  });

  afterAll(() => platform.stop());

  const expectRejected = async (token: string, code = 'AUTH_TOKEN_INVALID') => {
    const res = await http.get('/v1/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(code);
  };

  it('accepts a token the auth service issued, and publishes only public keys', async () => {
    await http.get('/v1/me').set('Authorization', `Bearer ${valid}`).expect(200);
    const jwks = (await http.get('/.well-known/jwks.json').expect(200)).body;
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: realKey.kid });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('rejects alg none', async () => {
    const [, payload] = valid.split('.');
    await expectRejected(`${b64({ alg: 'none', typ: ACCESS_TOKEN.type, kid: realKey.kid })}.${payload}.`);
  });

  it('rejects HS256 signed with the public key as the secret (key confusion)', async () => {
    const jwk = (await http.get('/.well-known/jwks.json')).body.keys[0];
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const token = await standard(
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN.type, kid: realKey.kid })
        .setSubject('x')
        .setIssuedAt()
        .setNotBefore('0s'),
    ).sign(secret);
    await expectRejected(token);
  });

  it('rejects an RS256 token signed by an attacker key under the real kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await standard(
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'RS256', typ: ACCESS_TOKEN.type, kid: realKey.kid })
        .setSubject('x')
        .setIssuedAt()
        .setNotBefore('0s'),
    ).sign(privateKey);
    await expectRejected(token);
  });

  it('rejects an EdDSA token from an unknown key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const token = await standard(
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN.type, kid: 'attacker' })
        .setSubject('x')
        .setIssuedAt()
        .setNotBefore('0s'),
    ).sign(privateKey);
    await expectRejected(token);
  });

  it('rejects a wrong audience, issuer or type', async () => {
    await expectRejected(
      await signWithRealKey((j) =>
        j.setIssuer(ACCESS_TOKEN.issuer).setAudience('other-api').setExpirationTime('5m'),
      ),
    );
    await expectRejected(
      await signWithRealKey((j) =>
        j.setIssuer('someone-else').setAudience(ACCESS_TOKEN.audience).setExpirationTime('5m'),
      ),
    );
    await expectRejected(await signWithRealKey(standard, { typ: 'JWT' }));
  });

  it('rejects expired and not-yet-valid tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(
      await signWithRealKey((j) =>
        j
          .setIssuer(ACCESS_TOKEN.issuer)
          .setAudience(ACCESS_TOKEN.audience)
          .setIssuedAt(now - 3600)
          .setExpirationTime(now - 60),
      ),
      'AUTH_TOKEN_EXPIRED',
    );
    await expectRejected(await signWithRealKey((j) => standard(j).setNotBefore(now + 600)));
  });

  it('rejects a tampered payload', async () => {
    const [header, payload, signature] = valid.split('.');
    const forged = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'super_admin' };
    await expectRejected(`${header}.${b64(forged)}.${signature}`);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await http.get('/v1/me').set('Authorization', `Token ${valid}`);
    expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
  });
});

describe('AUTH-3 key rotation with overlap', () => {
  it('picks up a new signing key on an unknown kid and keeps accepting the old one', async () => {
    const makeKey = async (kid: string) => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      return { ...(await exportJWK(privateKey)), kid };
    };
    const oldKey = await makeKey('k-old');
    const newKey = await makeKey('k-new');
    const platform = await TestPlatform.start({
      apps: ['auth-audit', 'gateway'],
      appEnv: { 'auth-audit': { AUTH_JWT_PRIVATE_JWKS: JSON.stringify([oldKey]) } },
    });
    try {
      const http = request(platform.url());
      const email = uniqueEmail();
      const password = 'a long enough passphrase';
      await http.post('/v1/auth/register').send({ email, password }).expect(202);
      const oldToken = (await http.post('/v1/auth/login').send({ email, password })).body.access_token;
      await http.get('/v1/me').set('Authorization', `Bearer ${oldToken}`).expect(200);

      await platform.stopOne('auth-audit');
      await platform.startOne('auth-audit', { AUTH_JWT_PRIVATE_JWKS: JSON.stringify([newKey, oldKey]) });
      const newToken = (await http.post('/v1/auth/login').send({ email, password }).expect(200)).body
        .access_token;
      expect(JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString()).kid).toBe('k-new');
      await http.get('/v1/me').set('Authorization', `Bearer ${newToken}`).expect(200);
      await http.get('/v1/me').set('Authorization', `Bearer ${oldToken}`).expect(200);
    } finally {
      await platform.stop();
    }
  });
});
