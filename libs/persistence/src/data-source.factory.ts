import { DataSource, MixedList } from 'typeorm';
import { assertIdentifier } from './service-schemas';

/** Longest a single statement may run; set per connection here and per role (provision-database.ts). */
export const STATEMENT_TIMEOUT_MS = 15000;

export interface DataSourceOptions {
  url: string;
  schema: string;
  applicationName: string;
  migrations?: MixedList<Function | string>;
  poolSize?: number;
}

/** A TypeORM DataSource bound to one service schema. Never synchronizes: schema changes are migrations. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  const schema = assertIdentifier(opts.schema);
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema,
    // Every query is plain SQL (repositories own them): no entity metadata to build.
    entities: [],
    migrations: opts.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: opts.applicationName,
    extra: {
      max: opts.poolSize ?? 10,
      options: `-c search_path=${schema},public`,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      // pg's pipeline mode: a client sends a statement without waiting for the answers to earlier ones.
      // Statements sent one at a time (TypeORM, most repositories) go out exactly as before; only a
      // TransactionRunner's connection sends several together (PgConnection.open / queryAll).
      pipeline: true,
    },
  });
}

/** Applies pending migrations with the migrator role; returns the names applied. */
export async function runMigrations(opts: DataSourceOptions): Promise<string[]> {
  const ds = createDataSource({ ...opts, poolSize: 1 });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
