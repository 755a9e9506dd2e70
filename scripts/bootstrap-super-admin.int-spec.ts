import { Client } from 'pg';
import { SUPERUSER_TEST_URL, TEST_DATABASE, uniqueEmail } from '../test/support/test-env';
import { runBootstrapSuperAdmin } from './bootstrap-super-admin';

describe('npm run auth:bootstrap-super-admin', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: SUPERUSER_TEST_URL });
    await db.connect();
  });

  afterAll(() => db?.end());

  it('writes to the database named by DATABASE_NAME, as npm start reads it', async () => {
    const email = uniqueEmail();

    // No DATABASE_URL: exactly what a developer has after `DATABASE_NAME=... npm start`.
    const sut = await runBootstrapSuperAdmin(['--email', email, '--force'], {
      DATABASE_NAME: TEST_DATABASE,
      BOOTSTRAP_PASSWORD: 'a long enough passphrase',
    });

    expect(sut.outcome).toBe('created');
    const { rows } = await db.query('SELECT role FROM auth.users WHERE id = $1', [sut.userId]);
    expect(rows).toEqual([{ role: 'super_admin' }]);
  });
});
