import './support/register-aliases';

/** Provisions the test database (roles, schemas, grants) and applies every migration, once per run. */
export default async function globalSetup(): Promise<void> {
  // Required after the alias hook is in place (imports are hoisted above it).
  const { migrateAll } = await import('../scripts/platform/migrate');
  const { ADMIN_URL, TEST_DATABASE } = await import('./support/test-env');
  await migrateAll({ database: TEST_DATABASE, adminUrl: ADMIN_URL });
}
