import { RunningApp, StartOptions } from '@slotline/bootstrap';
import { BaseConfig } from '@slotline/config';
import { childProcessEnv } from '@slotline/testing';
import { ServiceName } from '@slotline/persistence';
import { authAuditApp } from '../../apps/auth-audit/src/auth-audit.app';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { notificationsApp } from '../../apps/notifications/src/notifications.app';
import { payoutsApp } from '../../apps/payouts/src/payouts.app';
import { schedulingApp } from '../../apps/scheduling/src/scheduling.app';
import { startApp } from '@slotline/bootstrap';
import { connect } from 'nats';
import { LogCapture } from './log-capture';
import { serviceDatabaseUrl, uniqueTag } from './test-env';

export type AppName = ServiceName | 'gateway';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTORIES: Record<AppName, (o: Partial<StartOptions<any>>) => StartOptions<any>> = {
  gateway: gatewayApp,
  'auth-audit': authAuditApp,
  scheduling: schedulingApp,
  notifications: notificationsApp,
  payouts: payoutsApp,
};

export interface TestPlatformOptions {
  apps?: AppName[];
  env?: Record<string, string>;
  /** Per-app overrides, e.g. a shorter timeout for the gateway only. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  /** Each service's DATABASE_URL; default: its own role straight to the test database. */
  databaseUrl?: (service: ServiceName) => string;
}

/**
 * Starts apps in this process through the same bootstrap as main.ts, against the real test database
 * and NATS, isolated from other test files by a NATS subject prefix and stream of their own.
 */
export class TestPlatform {
  readonly apps = new Map<AppName, RunningApp<BaseConfig>>();
  readonly logs = new Map<AppName, LogCapture>();
  readonly tag = uniqueTag('t');
  readonly env: Record<string, string>;

  private constructor(private readonly opts: TestPlatformOptions) {
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      HTTP_PORT: '0',
      NATS_SUBJECT_PREFIX: `${this.tag}.`,
      NATS_STREAM: `EVENTS_${this.tag}`,
      SHUTDOWN_GRACE_MS: '200',
      // Tests share one client IP; the rate-limit tests set their own small limits.
      RATE_LIMIT_AUTH_POINTS: '10000',
      RATE_LIMIT_WRITE_POINTS: '10000',
      RATE_LIMIT_READ_POINTS: '10000',
      RATE_LIMIT_ADMIN_POINTS: '10000',
      // Every test signs in from 127.0.0.1 against one database: per-IP sign-in throttling would trip.
      LOGIN_MAX_FAILURES_PER_IP: '1000000',
      // Payouts live in one shared schema: a capture worker in every suite would take other suites'
      // approved payouts. Suites that test capture turn it on (payouts.e2e-spec.ts).
      PAYOUT_CAPTURE_INTERVAL_MS: '0',
      // Test files share one database: a reminder worker would pick up other files' visits. The
      // reminder tests turn it on (or call a tick) themselves.
      REMINDER_CRON: 'off',
      ...opts.env,
    };
  }

  static async start(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
    const platform = new TestPlatform(opts);
    const names =
      opts.apps ?? (['auth-audit', 'scheduling', 'notifications', 'payouts', 'gateway'] as AppName[]);
    for (const name of names) await platform.startOne(name);
    return platform;
  }

  async startOne(name: AppName, extraEnv: Record<string, string> = {}): Promise<RunningApp<BaseConfig>> {
    const running = await this.launch(name, extraEnv);
    this.apps.set(name, running);
    return running;
  }

  /** Another replica of `name` beside the one in `apps` (same queue group); the caller shuts it down. */
  startReplica(name: AppName): Promise<RunningApp<BaseConfig>> {
    return this.launch(name, {});
  }

  private async launch(name: AppName, extraEnv: Record<string, string>): Promise<RunningApp<BaseConfig>> {
    const logs = this.logs.get(name) ?? new LogCapture();
    this.logs.set(name, logs);
    const env = childProcessEnv({ ...this.env, ...this.opts.appEnv?.[name], ...extraEnv });
    if (name !== 'gateway') env.DATABASE_URL = (this.opts.databaseUrl ?? serviceDatabaseUrl)(name);
    return startApp({ ...FACTORIES[name]({}), env, logDestination: logs });
  }

  async stopOne(name: AppName): Promise<void> {
    const app = this.apps.get(name);
    this.apps.delete(name);
    await app?.shutdown('test');
  }

  url(name: AppName = 'gateway'): string {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running`);
    return app.url;
  }

  allLogText(): string {
    return [...this.logs.values()].map((l) => l.text()).join('');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.keys()].map((name) => this.stopOne(name)));
    // The stream (and its consumers) belonged to this test file only.
    const nc = await connect({ servers: this.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      await (await nc.jetstreamManager()).streams.delete(this.env.NATS_STREAM).catch(() => undefined);
    } finally {
      await nc.close();
    }
  }
}
