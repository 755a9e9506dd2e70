import { Client } from 'pg';

/** Makes sure the test database exists before any test runs (idempotent, safe in parallel runs). */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['slotline_test']);
    if (!rowCount) await admin.query('CREATE DATABASE slotline_test');
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await admin.end();
  }
}
