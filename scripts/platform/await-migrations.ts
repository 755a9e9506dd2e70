import { SERVICE_SCHEMAS, ServiceName, createDataSource } from '@slotline/persistence';
import { SERVICE_MIGRATIONS } from './service-migrations';

export interface AwaitMigrationsOptions {
  service: ServiceName;
  /** The service's own role: it may read its schema's `migrations` table, not change it. */
  url: string;
  timeoutMs?: number;
  pollMs?: number;
  log?: (msg: string) => void;
}

/**
 * Resolves once every migration this build ships for `service` is recorded in its schema; rejects after
 * `timeoutMs`. A pod's init container runs it, so a new version never starts on an old schema when the
 * migration Job is slow or failed (docs/runbooks/failed-migration-job.md).
 */
export async function awaitMigrations(opts: AwaitMigrationsOptions): Promise<void> {
  const log = opts.log ?? (() => undefined);
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  let last = '';
  for (;;) {
    const ds = createDataSource({
      url: opts.url,
      schema: SERVICE_SCHEMAS[opts.service].schema,
      applicationName: `${opts.service}-await-migrations`,
      migrations: SERVICE_MIGRATIONS[opts.service],
      poolSize: 1,
    });
    try {
      await ds.initialize();
      if (!(await ds.showMigrations())) return log(`${opts.service}: schema is up to date`);
      last = 'migrations pending';
    } catch (err) {
      // Before the first migration the table is missing and the service role may not create it.
      last = (err as Error).message;
    } finally {
      if (ds.isInitialized) await ds.destroy();
    }
    if (Date.now() > deadline) throw new Error(`${opts.service}: schema not migrated in time (${last})`);
    log(`${opts.service}: waiting for the migration job (${last})`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
  }
}
