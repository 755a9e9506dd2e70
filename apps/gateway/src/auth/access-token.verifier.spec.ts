import { ACCESS_TOKEN } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';

async function signer(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const sign = (claims: { exp: number; nbf?: number }) =>
    new SignJWT({ role: 'customer', sid: 'session-1' })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: ACCESS_TOKEN.type })
      .setSubject('user-1')
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setIssuedAt(claims.nbf ?? 0)
      .setNotBefore(claims.nbf ?? 0)
      .setExpirationTime(claims.exp)
      .sign(privateKey as KeyLike);
  return { jwk, sign };
}

/** The auth service's JWKS as the gateway fetches it; `keys` is whatever the test publishes now. */
function fakeAuth(keys: () => object[]) {
  return { request: jest.fn(async () => ({ keys: keys() })) } as unknown as RpcClient;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

describe('AccessTokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a verified token again with the same user, and refuses it once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const key = await signer('k1');
    const verifier = new AccessTokenVerifier(
      fakeAuth(() => [key.jwk]),
      3600,
    );
    const token = await key.sign({ exp: seconds(Date.now()) + 60 });
    const first = await verifier.verify(token);
    first.role = 'admin'; // a caller changing its copy changes nothing remembered
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'user-1',
      role: 'customer',
      sid: 'session-1',
      aal: 'aal1',
      mfaPending: false,
    });

    jest.setSystemTime(Date.now() + 60_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });

  it('refuses a token not yet valid, however often it is sent', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const key = await signer('k1');
    const verifier = new AccessTokenVerifier(
      fakeAuth(() => [key.jwk]),
      3600,
    );
    const early = await key.sign({ nbf: seconds(Date.now()) + 30, exp: seconds(Date.now()) + 90 });
    await expect(verifier.verify(early)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    await expect(verifier.verify(early)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    jest.setSystemTime(Date.now() + 30_000);
    await expect(verifier.verify(early)).resolves.toMatchObject({ id: 'user-1' });
  });

  it('forgets what a key verified once the refreshed key set no longer has that key', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const old = await signer('old');
    const current = await signer('new');
    let published = [old.jwk];
    const verifier = new AccessTokenVerifier(
      fakeAuth(() => published),
      300,
    );
    const token = await old.sign({ exp: seconds(Date.now()) + 3600 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'user-1' });

    published = [current.jwk]; // the old key is withdrawn; the gateway sees it at its next refresh
    jest.setSystemTime(Date.now() + 301_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });
});
