import { AUTH_EVENTS, Role } from '@slotline/contracts';
import { aClientContext, substitute } from '@slotline/testing';
import { AuthFakes } from '../testing/auth-fakes';
import { aUser } from '../testing/auth-records.factory';
import { RolesService } from './roles.service';

describe(RolesService.name, () => {
  let fakes: AuthFakes;
  let accounts: AuthFakes['accounts'];
  let sessions: AuthFakes['sessions'];
  let outbox: AuthFakes['outbox'];
  let sut: RolesService;

  beforeEach(() => {
    fakes = new AuthFakes();
    ({ accounts, sessions, outbox } = fakes);
    sut = new RolesService({
      accounts: substitute(accounts),
      actors: fakes.actors,
      tx: fakes.tx.runner,
      outbox: outbox.writer,
    });
  });

  const signedIn = (role: Role, aal?: 'aal1' | 'aal2') => fakes.signedIn(role, aal);

  it('lets a super_admin promote a user, and records the change for the audit log', async () => {
    const boss = signedIn('super_admin');
    const target = accounts.users.insert(aUser('provider'));

    const view = await sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'admin' }, boss.meta);

    expect(view).toMatchObject({ id: target.id, role: 'admin', previous_role: 'provider' });
    expect(accounts.users.get(target.id)?.role).toBe('admin');
    expect(outbox.dataOf(AUTH_EVENTS.roleChanged)).toEqual([
      expect.objectContaining({
        actor_id: boss.user.id,
        user_id: target.id,
        metadata: { old_role: 'provider', new_role: 'admin' },
        ip: '203.0.113.7',
      }),
    ]);
  });

  it('answers a change to the role the user already has without an event', async () => {
    const boss = signedIn('super_admin');
    const target = accounts.users.insert(aUser('admin'));

    const view = await sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'admin' }, boss.meta);

    expect(view).toMatchObject({ role: 'admin', previous_role: 'admin' });
    expect(outbox.events).toEqual([]);
  });

  it('never lets a super_admin change their own role, so one always remains', async () => {
    const boss = signedIn('super_admin');

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: boss.user.id, role: 'customer' }, boss.meta),
    ).rejects.toMatchObject({
      code: 'BR_SELF_ROLE_CHANGE',
    });
    expect(accounts.users.get(boss.user.id)?.role).toBe('super_admin');
  });

  it('goes by the stored role, not the token: a demoted super_admin is refused at once', async () => {
    const boss = signedIn('super_admin');
    accounts.users.update(boss.user.id, { role: 'admin' });
    const target = accounts.users.insert(aUser('customer'));

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'admin' }, boss.meta),
    ).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    expect(accounts.users.get(target.id)?.role).toBe('customer');
  });

  it('refuses an admin: roles are the super_admin’s alone', async () => {
    const admin = signedIn('admin');
    const target = accounts.users.insert(aUser('customer'));

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'provider' }, admin.meta),
    ).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('asks a super_admin without two-factor in this session to step up first', async () => {
    const boss = signedIn('super_admin', 'aal1');
    const target = accounts.users.insert(aUser('customer'));

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'provider' }, boss.meta),
    ).rejects.toMatchObject({
      code: 'AUTH_2FA_REQUIRED',
    });
  });

  it('refuses a revoked session even while its token is still valid', async () => {
    const boss = signedIn('super_admin');
    sessions.sessions.update(boss.meta.actor!.session_id, { revokedAt: new Date() });
    const target = accounts.users.insert(aUser('customer'));

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: target.id, role: 'provider' }, boss.meta),
    ).rejects.toMatchObject({
      code: 'AUTH_SESSION_REVOKED',
    });
  });

  it('answers an unknown user with NF_USER', async () => {
    const boss = signedIn('super_admin');

    await expect(
      sut.changeRole({ ...aClientContext(), user_id: aUser().id, role: 'provider' }, boss.meta),
    ).rejects.toMatchObject({
      code: 'NF_USER',
    });
  });
});
