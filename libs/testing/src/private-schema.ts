import { MIGRATOR_ROLE, SERVICE_SCHEMAS, ServiceName, assertIdentifier } from '@slotline/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface PrivateSchemaOptions {
  /** Whose login role the service connection uses (its least-privilege role, as in production). */
  service: ServiceName;
  /** A superuser URL to the test database (test/support/test-env's SUPERUSER_TEST_URL). */
  superuserUrl: string;
  /**
   * The service's migrations as statements for a given schema: what its migration classes run against
   * the real one (`(schema, role) => [...outboxTablesSql(schema), ...payoutsTablesSql(schema)]`).
   */
  migrations: (schema: string, role: string) => string[];
  /** The schema name's prefix; a random suffix keeps test files apart. */
  prefix?: string;
  poolSize?: number;
}

function urlAs(superuserUrl: string, role: string): string {
  const url = new URL(superuserUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}

/**
 * A schema of one's own, provisioned as production provisions the service's schema
 * (provisionDatabase, then the migrations): owned by the migrator, the migrations run as the migrator,
 * and the service's own role granted DML through default privileges — so a test sees exactly the
 * permissions the running service has, while its rows, leases and locks never meet another file's.
 * Repositories take the schema through their composition root (ADR 0010).
 */
export class PrivateSchema {
  private constructor(
    readonly schema: string,
    /** Connected as the service's role, like the running app. */
    readonly service: DataSource,
    /** Connected as `postgres`, for what only an operator can do (and for tear-down). */
    readonly superuser: DataSource,
    /** The service role's URL, for a child process that must connect as the app does. */
    readonly serviceUrl: string,
  ) {}

  static async create(opts: PrivateSchemaOptions): Promise<PrivateSchema> {
    const { role } = SERVICE_SCHEMAS[opts.service];
    const schema = assertIdentifier(
      `${opts.prefix ?? `${opts.service.replace(/-/g, '_')}_t`}_${randomBytes(5).toString('hex')}`,
    );
    const superuser = await new DataSource({
      type: 'postgres',
      url: opts.superuserUrl,
      poolSize: 2,
    }).initialize();
    await superuser.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${MIGRATOR_ROLE}`);
    await superuser.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await superuser.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${MIGRATOR_ROLE} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
    await superuser.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${MIGRATOR_ROLE} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    );
    const migrator = await new DataSource({
      type: 'postgres',
      url: urlAs(opts.superuserUrl, MIGRATOR_ROLE),
      poolSize: 1,
    }).initialize();
    try {
      for (const sql of opts.migrations(schema, role)) await migrator.query(sql);
    } finally {
      await migrator.destroy();
    }
    const serviceUrl = urlAs(opts.superuserUrl, role);
    const service = await new DataSource({
      type: 'postgres',
      url: serviceUrl,
      poolSize: opts.poolSize ?? 4,
    }).initialize();
    return new PrivateSchema(schema, service, superuser, serviceUrl);
  }

  async drop(): Promise<void> {
    if (this.service.isInitialized) await this.service.destroy();
    if (!this.superuser.isInitialized) return;
    await this.superuser.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.superuser.destroy();
  }
}
