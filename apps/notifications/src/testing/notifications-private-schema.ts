import { PrivateSchema, SUPERUSER_TEST_URL } from '@slotline/testing';
import { notificationsMigrationsSql } from '../migrations';

/**
 * A schema of the suite's own, provisioned as production provisions `notifications` (migrator-owned,
 * the migrations' own statements, the service's role and grants), so int-specs run in parallel.
 */
export function notificationsPrivateSchema(prefix: string, poolSize?: number): Promise<PrivateSchema> {
  return PrivateSchema.create({
    service: 'notifications',
    superuserUrl: SUPERUSER_TEST_URL,
    prefix,
    poolSize,
    migrations: (schema) => notificationsMigrationsSql(schema),
  });
}
