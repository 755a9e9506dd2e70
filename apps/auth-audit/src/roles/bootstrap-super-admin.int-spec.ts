import { OutboxWriter } from '@slotline/messaging';
import { createDataSource, TransactionRunner } from '@slotline/persistence';
import { DataSource } from 'typeorm';
import { serviceDatabaseUrl, uniqueEmail } from '../../../../test/support/test-env';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import { BootstrapDeps, BootstrapRefused, bootstrapSuperAdmin } from './bootstrap-super-admin';

describe(bootstrapSuperAdmin.name, () => {
  let ds: DataSource;
  let deps: BootstrapDeps;
  const password = 'a long enough passphrase';
  const given = (value: string | undefined) => async () => value;

  beforeAll(async () => {
    ds = createDataSource({
      url: serviceDatabaseUrl('auth-audit'),
      schema: 'auth',
      applicationName: 'bootstrap-test',
      poolSize: 2,
    });
    await ds.initialize();
    deps = {
      accounts: new AccountsRepository(ds),
      tx: new TransactionRunner(ds),
      outbox: new OutboxWriter({ schema: 'auth', producer: 'auth-audit' }),
      hasher: new PasswordHasher({ memoryKib: 19456, iterations: 2 }),
    };
  });

  afterAll(() => ds?.destroy());

  const roleOf = async (email: string) => (await deps.accounts.findUserByEmail(email))?.role;

  it('creates the account with the supplied password and audits the grant', async () => {
    const email = uniqueEmail();

    const sut = await bootstrapSuperAdmin(deps, { email, readPassword: given(password), force: true });

    expect(sut).toMatchObject({ outcome: 'created', previousRole: null });
    const user = await deps.accounts.findUserByEmail(email);
    expect(user?.role).toBe('super_admin');
    expect(await deps.hasher.verify(user!.passwordHash, password)).toBe(true);
    const rows = await ds.query(
      `SELECT envelope FROM auth.outbox WHERE subject = 'evt.auth.user.role_changed.v1' AND envelope->'data'->>'resource_id' = $1`,
      [sut.userId],
    );
    expect(rows[0].envelope.data).toMatchObject({
      actor_id: null,
      reason: 'bootstrap',
      metadata: { old_role: null, new_role: 'super_admin' },
    });
    expect(JSON.stringify(rows[0].envelope)).not.toContain(email);
  });

  it('promotes a registered account without asking for a password', async () => {
    const email = uniqueEmail();
    await bootstrapSuperAdmin(deps, { email, readPassword: given(password), force: true });
    await ds.query(`UPDATE auth.users SET role = 'customer' WHERE email = $1`, [email]);
    const ask = jest.fn(given(undefined));

    const sut = await bootstrapSuperAdmin(deps, { email, readPassword: ask, force: true });

    expect(sut).toMatchObject({ outcome: 'promoted', previousRole: 'customer' });
    expect(await roleOf(email)).toBe('super_admin');
    expect(ask).not.toHaveBeenCalled();
  });

  it('refuses when a super_admin exists already, unless forced', async () => {
    await bootstrapSuperAdmin(deps, { email: uniqueEmail(), readPassword: given(password), force: true });
    const email = uniqueEmail();

    await expect(bootstrapSuperAdmin(deps, { email, readPassword: given(password) })).rejects.toThrow(
      /already exists/,
    );
    expect(await roleOf(email)).toBeUndefined();
  });

  it('never creates an account without a password, nor with a weak one', async () => {
    const email = uniqueEmail();

    await expect(bootstrapSuperAdmin(deps, { email, force: true })).rejects.toBeInstanceOf(BootstrapRefused);
    await expect(
      bootstrapSuperAdmin(deps, { email, readPassword: given('short'), force: true }),
    ).rejects.toThrow(/12 to 128/);
    await expect(
      bootstrapSuperAdmin(deps, { email, readPassword: given('password1234'), force: true }),
    ).rejects.toThrow(/too common/);
    expect(await roleOf(email)).toBeUndefined();
  });

  it('leaves an existing super_admin as is', async () => {
    const email = uniqueEmail();
    await bootstrapSuperAdmin(deps, { email, readPassword: given(password), force: true });

    expect(await bootstrapSuperAdmin(deps, { email })).toMatchObject({ outcome: 'unchanged' });
  });
});
