import { SERVICE_SCHEMAS, ServiceName } from '@slotline/persistence';
import { connect, NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';

/** Per checkout or per run: two checkouts on one machine set different names (README, "Tests"). */
export const TEST_DATABASE = process.env.SLOTLINE_TEST_DATABASE ?? 'slotline_test';
export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** `TEST_DATABASE_URL` points the tests at another server (docs/runbooks/ci-troubleshooting.md). */
export const SUPERUSER_TEST_URL =
  process.env.TEST_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${TEST_DATABASE}`;
/** The local NATS server every tier uses (the platform's own default, `.ci/run` starts it). */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export function serviceDatabaseUrl(service: ServiceName): string {
  return `postgres://${SERVICE_SCHEMAS[service].role}@127.0.0.1:5432/${TEST_DATABASE}`;
}

/** A short random tag for NATS subjects, streams and test data, so test files never see each other. */
export function uniqueTag(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function uniqueEmail(tag = uniqueTag('u')): string {
  return `${tag}@example.com`;
}

/** A connection of the test's own to the local NATS server (close it in `afterAll`). */
export function connectTestNats(): Promise<NatsConnection> {
  return connect({ servers: TEST_NATS_URL });
}

/** The environment for a child process a test spawns: this process's own (PATH, NODE_OPTIONS…) plus `extra`. */
export function childProcessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // A killed test run must not leave its apps running on the test database (see watchParent).
  return { ...process.env, EXIT_WITH_PARENT: 'true', ...extra };
}
