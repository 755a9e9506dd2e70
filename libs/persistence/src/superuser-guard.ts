import { DataSource } from 'typeorm';

/**
 * A service must never run as a superuser in production (it could read every schema and bypass
 * constraints on privileges). Locally it only warns, so `npm start` works with trust auth.
 */
export async function assertNotSuperuser(
  dataSource: DataSource,
  isProduction: boolean,
  warn: (msg: string) => void,
): Promise<void> {
  const rows: Array<{ rolsuper: boolean; current_user: string }> = await dataSource.query(
    'SELECT rolsuper, current_user FROM pg_roles WHERE rolname = current_user',
  );
  if (!rows[0]?.rolsuper) return;
  const msg = `Database role "${rows[0].current_user}" is a superuser`;
  if (isProduction) throw new Error(`${msg}: refusing to start in production (use the service's own role).`);
  warn(`${msg}: acceptable only for local development.`);
}
