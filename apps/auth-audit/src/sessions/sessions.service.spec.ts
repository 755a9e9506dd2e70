import { AUTH_EVENTS, Role } from '@slotline/contracts';
import { aClientContext, substitute } from '@slotline/testing';
import { AuthFakes } from '../testing/auth-fakes';
import { aSession, aUser } from '../testing/auth-records.factory';
import { SessionsService } from './sessions.service';

describe(SessionsService.name, () => {
  const REFRESH_TTL_SECONDS = 30 * 86_400;
  let fakes: AuthFakes;
  let accounts: AuthFakes['accounts'];
  let sessions: AuthFakes['sessions'];
  let outbox: AuthFakes['outbox'];
  let sut: SessionsService;

  beforeEach(() => {
    fakes = new AuthFakes();
    ({ accounts, sessions, outbox } = fakes);
    sut = new SessionsService({
      sessions: substitute(sessions),
      accounts: substitute(accounts),
      actors: fakes.actors,
      tx: fakes.tx.runner,
      outbox: outbox.writer,
      refreshTtlSeconds: REFRESH_TTL_SECONDS,
    });
  });

  /** A user signed in on this device, plus `others` more sessions of theirs. */
  function signedIn(role: Role = 'customer', others = 0) {
    const me = fakes.signedIn(role);
    const more = Array.from({ length: others }, () => sessions.sessions.insert(aSession(me.user.id)));
    return { ...me, current: me.session, more };
  }

  const revokedIds = () => sessions.sessions.all((s) => s.revokedAt !== null).map((s) => s.id);

  it('lists the user’s live sessions, newest first, marking the current one', async () => {
    const me = signedIn('customer', 2);
    sessions.sessions.insert(aSession(me.user.id, { revokedAt: new Date() }));
    sessions.sessions.insert(aSession(me.user.id, { lastUsedAt: new Date(Date.now() - 31 * 86_400_000) }));

    const page = await sut.list({ limit: 20 }, me.meta);

    expect(page.items.map((s) => s.id)).toEqual([me.more[1].id, me.more[0].id, me.current.id]);
    expect(page.items.map((s) => s.current)).toEqual([false, false, true]);
  });

  it('revokes one of the user’s sessions and records it; another user’s looks missing', async () => {
    const me = signedIn('customer', 1);
    const stranger = signedIn('customer');

    await sut.revoke({ ...aClientContext(), session_id: me.more[0].id }, me.meta);
    await expect(
      sut.revoke({ ...aClientContext(), session_id: stranger.current.id }, me.meta),
    ).rejects.toMatchObject({ code: 'NF_SESSION' });

    expect(revokedIds()).toEqual([me.more[0].id]);
    expect(outbox.dataOf(AUTH_EVENTS.sessionRevoked)).toEqual([
      expect.objectContaining({ resource_id: me.more[0].id, reason: 'user_revoked' }),
    ]);
  });

  it('revokes every other session and keeps this one', async () => {
    const me = signedIn('provider', 3);

    expect(await sut.revokeOthers(aClientContext(), me.meta)).toEqual({ revoked: 3 });

    expect(revokedIds().sort()).toEqual(me.more.map((s) => s.id).sort());
    expect(outbox.types()).toEqual(Array(3).fill(AUTH_EVENTS.sessionRevoked));
  });

  it('logs out once: a second logout succeeds without a second event', async () => {
    const me = signedIn();

    await sut.logout(aClientContext(), me.meta);
    await sut.logout(aClientContext(), me.meta);

    expect(revokedIds()).toEqual([me.current.id]);
    expect(outbox.types()).toEqual([AUTH_EVENTS.loggedOut]);
  });

  it('stops a revoked session at once, before its access token expires', async () => {
    const me = signedIn('customer', 1);
    await sut.logout(aClientContext(), me.meta);

    await expect(sut.list({ limit: 20 }, me.meta)).rejects.toMatchObject({ code: 'AUTH_SESSION_REVOKED' });
    await expect(sut.revokeOthers(aClientContext(), me.meta)).rejects.toMatchObject({
      code: 'AUTH_SESSION_REVOKED',
    });
    expect(revokedIds()).toEqual([me.current.id]);
  });

  it('lets an admin list and revoke a customer’s sessions', async () => {
    const admin = signedIn('admin');
    const customer = signedIn('customer', 1);

    const page = await sut.adminList({ user_id: customer.user.id, limit: 20 }, admin.meta);
    await sut.adminRevoke(
      { ...aClientContext(), user_id: customer.user.id, session_id: customer.current.id },
      admin.meta,
    );

    expect(page.items).toHaveLength(2);
    expect(revokedIds()).toEqual([customer.current.id]);
    expect(outbox.dataOf(AUTH_EVENTS.sessionRevoked)).toEqual([
      expect.objectContaining({
        actor_id: admin.user.id,
        user_id: customer.user.id,
        reason: 'admin_revoked',
      }),
    ]);
  });

  it('keeps a super_admin’s sessions from a mere admin, and not from another super_admin', async () => {
    const admin = signedIn('admin');
    const boss = signedIn('super_admin');
    const otherBoss = signedIn('super_admin');

    await expect(sut.adminList({ user_id: boss.user.id, limit: 20 }, admin.meta)).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(sut.adminList({ user_id: boss.user.id, limit: 20 }, otherBoss.meta)).resolves.toMatchObject({
      items: [expect.objectContaining({ id: boss.current.id })],
    });
  });

  it('refuses a customer the admin view, and answers an unknown user with NF_USER', async () => {
    const customer = signedIn('customer');
    const admin = signedIn('admin');

    await expect(
      sut.adminList({ user_id: customer.user.id, limit: 20 }, customer.meta),
    ).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(sut.adminList({ user_id: aUser().id, limit: 20 }, admin.meta)).rejects.toMatchObject({
      code: 'NF_USER',
    });
  });

  it('refuses a malformed cursor', async () => {
    const me = signedIn();

    await expect(sut.list({ limit: 20, cursor: 'garbage' }, me.meta)).rejects.toMatchObject({
      code: 'VAL_CURSOR',
    });
  });
});
