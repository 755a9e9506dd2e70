import {
  MIGRATOR_ROLE,
  SERVICE_SCHEMAS,
  ServiceName,
  provisionDatabase,
  runMigrations,
} from '@slotline/persistence';
import { SERVICE_MIGRATIONS } from './service-migrations';
import { localDatabaseName } from './local-database';

export interface MigrateOptions {
  database: string;
  /** Superuser URL for provisioning; omit where the platform team provisions (production). */
  adminUrl?: string;
  /** The migrator role's URL; defaults to the local trust-auth role on 127.0.0.1. */
  migratorUrl?: string;
  log?: (msg: string) => void;
}

/** Provisions (locally) and applies every service's migrations with the migrator role, in order. */
export async function migrateAll(opts: MigrateOptions): Promise<void> {
  const log = opts.log ?? (() => undefined);
  if (opts.adminUrl) {
    await provisionDatabase({ adminUrl: opts.adminUrl, database: opts.database });
    log(`provisioned database ${opts.database}, roles and schemas`);
  }
  const url = opts.migratorUrl ?? `postgres://${MIGRATOR_ROLE}@127.0.0.1:5432/${opts.database}`;
  for (const service of Object.keys(SERVICE_SCHEMAS) as ServiceName[]) {
    const applied = await runMigrations({
      url,
      schema: SERVICE_SCHEMAS[service].schema,
      applicationName: `${service}-migrate`,
      migrations: SERVICE_MIGRATIONS[service],
    });
    log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
}

/** `node dist/scripts/platform/migrate.js` (and the image's `migrate` command): settings from the environment. */
export function migrateFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return migrateAll({
    database: localDatabaseName(env),
    adminUrl:
      env.NODE_ENV === 'production'
        ? env.ADMIN_DATABASE_URL
        : (env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    migratorUrl: env.MIGRATOR_DATABASE_URL,
    log: (m) => process.stdout.write(`[migrate] ${m}\n`),
  }).catch((err) => {
    process.stderr.write(`[migrate] failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

if (require.main === module) void migrateFromEnv();
