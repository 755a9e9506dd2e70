import { TEST_DATABASE } from '@slotline/testing';
import { Client } from 'pg';
import { createDataSource } from './data-source.factory';
import { SERVICE_SCHEMAS } from './service-schemas';
import { assertNotSuperuser } from './superuser-guard';

const url = (role: string) => `postgres://${role}@127.0.0.1:5432/${TEST_DATABASE}`;

async function asRole<T>(role: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url(role) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('OPS-5 one least-privilege role per service', () => {
  it('lets a service read and write its own schema only', async () => {
    await asRole(SERVICE_SCHEMAS['auth-audit'].role, async (c) => {
      await expect(c.query('SELECT count(*) FROM auth.users')).resolves.toBeDefined();
      await expect(c.query('SELECT count(*) FROM scheduling.outbox')).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT count(*) FROM payouts.outbox')).rejects.toThrow(/permission denied/);
    });
    await asRole(SERVICE_SCHEMAS.payouts.role, async (c) => {
      await expect(c.query('SELECT count(*) FROM auth.users')).rejects.toThrow(/permission denied/);
    });
  });

  it('does not let a service change the schema (only the migrator may)', async () => {
    await asRole(SERVICE_SCHEMAS['auth-audit'].role, async (c) => {
      await expect(c.query('CREATE TABLE auth.sneaky (id int)')).rejects.toThrow(/permission denied/);
      await expect(c.query('DROP TABLE auth.users')).rejects.toThrow(/must be owner|permission denied/);
      await expect(c.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
    });
  });
});

describe(assertNotSuperuser.name, () => {
  it('refuses a superuser connection in production and only warns otherwise', async () => {
    const sut = createDataSource({ url: url('postgres'), schema: 'auth', applicationName: 'guard-test' });
    await sut.initialize();
    try {
      await expect(assertNotSuperuser(sut, true, () => undefined)).rejects.toThrow(
        /refusing to start in production/,
      );
      const warnings: string[] = [];
      await assertNotSuperuser(sut, false, (m) => warnings.push(m));
      expect(warnings[0]).toMatch(/superuser/);
    } finally {
      await sut.destroy();
    }
  });

  it('accepts a service role in production', async () => {
    const sut = createDataSource({
      url: url(SERVICE_SCHEMAS.payouts.role),
      schema: 'payouts',
      applicationName: 'guard-test',
    });
    await sut.initialize();
    try {
      await expect(assertNotSuperuser(sut, true, () => undefined)).resolves.toBeUndefined();
    } finally {
      await sut.destroy();
    }
  });
});
