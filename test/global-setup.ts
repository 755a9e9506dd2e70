import './support/register-aliases';

/**
 * Provisions the test database (roles, schemas, grants) and applies every migration, once per run.
 * The database is dropped first: a run on a branch whose migration was later edited would otherwise leave
 * its old tables behind, and every later run would test against them (it happened to a dead-letter table).
 */
export default async function globalSetup(): Promise<void> {
  // Required after the alias hook is in place (imports are hoisted above it).
  const { migrateAll } = await import('../scripts/platform/migrate');
  const { ADMIN_URL, TEST_DATABASE } = await import('./support/test-env');
  const { Client } = await import('pg');
  if (!/^[a-z_][a-z0-9_]*$/.test(TEST_DATABASE)) {
    throw new Error(`SLOTLINE_TEST_DATABASE must be a plain lower-case name, got ${TEST_DATABASE}`);
  }
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEST_DATABASE}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await migrateAll({ database: TEST_DATABASE, adminUrl: ADMIN_URL });
}
