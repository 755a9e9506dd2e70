import { createDataSource, TransactionRunner, uuidv7 } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { serviceDatabaseUrl, uniqueEmail } from '../../../../test/support/test-env';
import { SessionsRepository } from '../sessions/sessions.repository';
import { TwoFactorRepository } from '../two-factor/two-factor.repository';
import { AccountsRepository } from './accounts.repository';

/** The typed raw SQL of auth-audit's repositories against the real `auth` schema (unique keys per test). */
describe('auth-audit repositories', () => {
  let ds: DataSource;
  let tx: TransactionRunner;
  let accounts: AccountsRepository;
  let sessions: SessionsRepository;
  let twoFactor: TwoFactorRepository;

  beforeAll(async () => {
    ds = createDataSource({
      url: serviceDatabaseUrl('auth-audit'),
      schema: 'auth',
      applicationName: 'auth-repositories-test',
      poolSize: 2,
    });
    await ds.initialize();
    tx = new TransactionRunner(ds);
    accounts = new AccountsRepository(ds);
    sessions = new SessionsRepository(ds);
    twoFactor = new TwoFactorRepository();
  });

  afterAll(() => ds?.destroy());

  async function aStoredUser(role: 'customer' | 'admin' = 'customer') {
    const user = { id: uuidv7(), email: uniqueEmail(), passwordHash: '$argon2id$test', role };
    expect(await tx.run((m) => accounts.insertUserIfAbsent(m, user))).toBe(true);
    return user;
  }

  it('inserts a user once per address and reads the profile without the password hash', async () => {
    const user = await aStoredUser();

    expect(
      await tx.run((m) => accounts.insertUserIfAbsent(m, { ...user, id: uuidv7(), role: 'admin' })),
    ).toBe(false);
    const profile = await accounts.findProfile(user.id);
    expect(profile).toEqual({
      id: user.id,
      email: user.email,
      role: 'customer',
      phone: null,
      timeZone: 'UTC',
      locale: 'en',
      createdAt: expect.any(Date),
    });
    expect(await accounts.findUserByEmail(user.email)).toMatchObject({ passwordHash: '$argon2id$test' });
  });

  it('changes only the profile fields given, and bumps updated_at', async () => {
    const user = await aStoredUser();
    const before = (await accounts.findUserById(user.id))!;

    const after = await tx.run((m) => accounts.updateProfile(m, user.id, { phone: '+4915112345678' }));

    expect(after).toMatchObject({ phone: '+4915112345678', timeZone: 'UTC', locale: 'en' });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
  });

  it('locks users in id order', async () => {
    const [a, b] = [await aStoredUser(), await aStoredUser()];

    const locked = await tx.run((m) => accounts.lockUsersById(m, [b.id, a.id]));

    expect(locked.map((u) => u.id)).toEqual([a.id, b.id].sort());
  });

  it('counts failures in the window and forgets them when cleared', async () => {
    const key = `test-${uuidv7()}`;
    await tx.run((m) =>
      accounts.recordFailures(m, [
        { scope: 'account', keyHash: key },
        { scope: 'ip', keyHash: key },
      ]),
    );

    const counted = await accounts.countRecentFailures('account', key, new Date(Date.now() - 60_000));
    expect(counted).toEqual({ count: 1, oldest: expect.any(Date) });

    await tx.run((m) => accounts.clearFailures(m, 'account', key));
    expect(await accounts.countRecentFailures('account', key, new Date(0))).toEqual({
      count: 0,
      oldest: null,
    });
    expect((await accounts.countRecentFailures('ip', key, new Date(0))).count).toBe(1);
  });

  it('creates a session with its token, rotates it, and revokes all but one', async () => {
    const user = await aStoredUser();
    const client = { ip: '203.0.113.7', user_agent: 'jest' };
    const [s1, s2] = await tx.run(async (m) => [
      await sessions.createSession(
        m,
        { userId: user.id, aal: 'aal1', ip: client.ip, userAgent: 'a' },
        { hash: `h-${uuidv7()}`, expiresAt: new Date(Date.now() + 60_000) },
      ),
      await sessions.createSession(
        m,
        { userId: user.id, aal: 'aal1', ip: client.ip, userAgent: 'b' },
        { hash: `h-${uuidv7()}`, expiresAt: new Date(Date.now() + 60_000) },
      ),
    ]);
    const nextHash = `h-${uuidv7()}`;

    await tx.run(async (m) => {
      const locked = (await sessions.lockSession(m, s1.id))!;
      await sessions.retireSessionTokens(m, s1.id, new Date());
      await sessions.continueSession(m, locked, {
        hash: nextHash,
        expiresAt: new Date(Date.now() + 60_000),
        at: new Date(),
        client: { ip: '198.51.100.1' },
      });
      await sessions.setAal(m, s1.id, 'aal2');
    });

    expect(await sessions.findSession(s1.id)).toMatchObject({
      aal: 'aal2',
      ip: '198.51.100.1',
      userAgent: 'a',
    });
    expect(await sessions.findRefreshTokenByHash(nextHash)).toMatchObject({ sessionId: s1.id, usedAt: null });
    const revoked = await tx.run((m) => sessions.revokeUserSessions(m, user.id, s1.id, 'test', new Date()));
    expect(revoked).toEqual([s2.id]);
    expect(await tx.run((m) => sessions.revokeSession(m, s2.id, 'test', new Date()))).toBe(false);
    const active = await sessions.listActive(user.id, new Date(Date.now() - 60_000), 20);
    expect(active.map((s) => s.id)).toEqual([s1.id]);
  });

  it('keeps an active two-factor enrolment, reads its step as a number, and spends a code once', async () => {
    const user = await aStoredUser();
    await tx.run((m) => twoFactor.upsertPending(m, user.id, 'sealed-1'));
    await tx.run((m) => twoFactor.activate(m, user.id, 58_000_000_001, ['code-a', 'code-b']));

    expect(await tx.run((m) => twoFactor.upsertPending(m, user.id, 'sealed-2'))).toBe(false);
    expect(await tx.run((m) => twoFactor.lock(m, user.id))).toMatchObject({
      status: 'active',
      secretCiphertext: 'sealed-1',
      lastUsedStep: 58_000_000_001,
      enabledAt: expect.any(Date),
    });
    expect(await accounts.hasActiveTwoFactor(user.id)).toBe(true);
    expect(await tx.run((m) => twoFactor.spendRecoveryCode(m, user.id, 'code-a'))).toBe(true);
    expect(await tx.run((m) => twoFactor.spendRecoveryCode(m, user.id, 'code-a'))).toBe(false);

    await tx.run((m) => twoFactor.remove(m, user.id));
    expect(await tx.run((m) => twoFactor.lock(m, user.id))).toBeNull();
    expect(await tx.run((m) => twoFactor.spendRecoveryCode(m, user.id, 'code-b'))).toBe(false);
  });
});
