import { SERVICE_SCHEMAS, ServiceName } from '@slotline/persistence';

type Env = Record<string, string | undefined>;

/** The database `npm start` and `npm run db:migrate` provision and migrate. */
export function localDatabaseName(env: Env): string {
  return env.DATABASE_NAME || 'slotline';
}

/**
 * A service's DATABASE_URL as `npm start` hands it over: an explicit DATABASE_URL wins; otherwise the
 * service's own role on DATABASE_NAME (local trust auth). Scripts that act for a service use it too, so
 * they write to the database the running platform reads.
 */
export function serviceDatabaseUrl(service: ServiceName, env: Env): string {
  return (
    env.DATABASE_URL || `postgres://${SERVICE_SCHEMAS[service].role}@127.0.0.1:5432/${localDatabaseName(env)}`
  );
}
