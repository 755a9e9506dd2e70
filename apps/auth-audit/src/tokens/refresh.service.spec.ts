import { AUTH_EVENTS } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { aCallMeta, aClientContext, substitute } from '@slotline/testing';
import { AuthFakes } from '../testing/auth-fakes';
import { aSession, aUser } from '../testing/auth-records.factory';
import { RefreshService } from './refresh.service';
import { SigningKeys } from './signing-keys';
import { hashOpaqueToken, TokenIssuer } from './token-issuer';

describe(RefreshService.name, () => {
  let keys: SigningKeys;
  let accounts: AuthFakes['accounts'];
  let sessions: AuthFakes['sessions'];
  let outbox: AuthFakes['outbox'];
  let sut: RefreshService;

  beforeAll(async () => {
    keys = await SigningKeys.generate();
  });

  beforeEach(() => {
    const fakes = new AuthFakes();
    ({ accounts, sessions, outbox } = fakes);
    sut = new RefreshService({
      sessions: substitute(sessions),
      accounts: substitute(accounts),
      tx: fakes.tx.runner,
      outbox: outbox.writer,
      issuer: new TokenIssuer(keys, 900),
      refreshTtlSeconds: 86_400,
    });
  });

  /** A signed-in user whose session holds the refresh token returned. */
  function signedIn(token = `rt-${uuidv7()}`, overrides: { expiresAt?: Date; usedAt?: Date | null } = {}) {
    const user = accounts.users.insert(aUser('provider'));
    const session = sessions.sessions.insert(aSession(user.id));
    sessions.tokens.insert({
      id: uuidv7(),
      sessionId: session.id,
      tokenHash: hashOpaqueToken(token),
      createdAt: new Date(),
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3_600_000),
      usedAt: overrides.usedAt ?? null,
    });
    return { user, session, token };
  }

  const refresh = (token: string) =>
    sut.refresh({ ...aClientContext({ ip: '198.51.100.9' }), refresh_token: token }, aCallMeta(null));

  it('spends the token and hands out its successor in the same session', async () => {
    const { session, token } = signedIn();

    const pair = await refresh(token);

    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900, aal: 'aal1', mfa_required: false });
    expect(pair.refresh_token).not.toBe(token);
    expect(sessions.tokens.all().map((t) => [t.sessionId, t.usedAt !== null])).toEqual([
      [session.id, true],
      [session.id, false],
    ]);
    expect(sessions.sessions.get(session.id)?.ip).toBe('198.51.100.9');
    await expect(refresh(pair.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('treats a spent token presented again as theft: revokes the family and records it', async () => {
    const { session, token } = signedIn();
    const next = await refresh(token);

    await expect(refresh(token)).rejects.toMatchObject({ code: 'AUTH_REFRESH_REUSED' });

    expect(sessions.sessions.get(session.id)).toMatchObject({ revokedReason: 'refresh_reuse' });
    expect(outbox.dataOf(AUTH_EVENTS.refreshReused)).toEqual([
      expect.objectContaining({
        resource_id: session.id,
        outcome: 'failure',
        metadata: { family_revoked: true },
      }),
    ]);
    await expect(refresh(next.refresh_token)).rejects.toMatchObject({ code: 'AUTH_SESSION_REVOKED' });
  });

  it('refuses an unknown or expired token without minting anything', async () => {
    const { token } = signedIn(undefined, { expiresAt: new Date(Date.now() - 1000) });

    await expect(refresh('never-issued')).rejects.toMatchObject({ code: 'AUTH_REFRESH_INVALID' });
    await expect(refresh(token)).rejects.toMatchObject({ code: 'AUTH_REFRESH_INVALID' });
    expect(sessions.tokens.all()).toHaveLength(1);
  });

  it('keeps a session that skipped its second factor limited to step-up', async () => {
    const { user, token } = signedIn();
    accounts.twoFactorOn.add(user.id);

    await expect(refresh(token)).resolves.toMatchObject({ aal: 'aal1', mfa_required: true });
  });
});
