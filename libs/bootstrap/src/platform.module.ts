import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BaseConfig, DatabaseConfig } from '@slotline/config';
import { HealthController, READINESS_CHECKS, ReadinessCheck, ShutdownState } from '@slotline/health';
import { MessagingRetention, OutboxRelay, OutboxWriter, RpcClient } from '@slotline/messaging';
import { Metrics, wrapQueryRunnerTiming } from '@slotline/observability';
import {
  ConstraintErrorMap,
  ServiceName,
  SERVICE_SCHEMAS,
  TransactionRunner,
  assertNotSuperuser,
  createDataSource,
} from '@slotline/persistence';
import { NatsConnection, connect } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PlatformLifecycle } from './lifecycle';
import { MetricsController } from './metrics.controller';
import { ServicePingController, anyServiceReadiness } from './service-ping';
import { APP_CONFIG, LOGGER, NATS_CONNECTION, SERVICE_NAME } from './tokens';

export interface PlatformOptions {
  service: ServiceName | 'gateway';
  config: BaseConfig;
  logger: Logger;
  metrics: Metrics;
  /** Dependencies beyond NATS and the database that readiness must check (e.g. Redis). */
  readiness?: ReadinessCheck[];
  /** What the service's named database constraints mean, for its TransactionRunner. */
  constraintErrors?: ConstraintErrorMap;
}

/**
 * What every app gets: config, logger, metrics, a NATS connection with an RPC client, health and
 * metrics endpoints; and for a service that owns a schema, its DataSource, transactions and outbox.
 */
@Global()
@Module({})
export class PlatformModule {
  static register(opts: PlatformOptions): DynamicModule {
    const { config } = opts;
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: SERVICE_NAME, useValue: opts.service },
      { provide: LOGGER, useValue: opts.logger },
      { provide: Metrics, useValue: opts.metrics },
      ShutdownState,
      PlatformLifecycle,
      {
        provide: NATS_CONNECTION,
        useFactory: () =>
          connect({
            servers: config.NATS_URL,
            name: opts.service,
            maxReconnectAttempts: -1,
            // nats.js captures a stack trace on every request for its own error messages; RpcClient turns
            // every transport error into an AppError of its own, so those stacks were pure per-call cost.
            noAsyncTraces: true,
          }),
      },
      {
        provide: RpcClient,
        inject: [NATS_CONNECTION],
        useFactory: (nc: NatsConnection) =>
          new RpcClient({
            nc,
            subjectPrefix: config.NATS_SUBJECT_PREFIX,
            timeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
            observe: (subject, outcome, seconds) =>
              opts.metrics.rpcClientDuration.labels(subject, outcome).observe(seconds),
          }),
      },
    ];
    const checks: Array<(nc: NatsConnection, ds?: DataSource) => ReadinessCheck> = [
      (nc) => ({
        name: 'nats',
        check: async () => {
          if (nc.isClosed()) throw new Error('closed');
          await nc.flush();
        },
      }),
    ];

    if (opts.service !== 'gateway') {
      const { schema } = SERVICE_SCHEMAS[opts.service];
      const dbConfig = config as DatabaseConfig;
      providers.push(
        {
          provide: DataSource,
          useFactory: async () => {
            const ds = createDataSource({
              url: dbConfig.DATABASE_URL,
              schema,
              applicationName: opts.service,
            });
            wrapQueryRunnerTiming(ds, opts.metrics);
            await ds.initialize();
            await assertNotSuperuser(ds, config.isProduction, (msg) =>
              opts.logger.warn({ event: 'db_superuser' }, msg),
            );
            return ds;
          },
        },
        {
          provide: TransactionRunner,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new TransactionRunner(ds, opts.constraintErrors),
        },
        {
          provide: OutboxWriter,
          inject: [OutboxRelay],
          // Events leave as soon as their transaction commits, not at the relay's next poll.
          useFactory: (relay: OutboxRelay) =>
            new OutboxWriter({ schema, producer: opts.service, onCommitted: () => relay.wake() }),
        },
        {
          provide: MessagingRetention,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MessagingRetention({
              dataSource,
              schema,
              retentionHours: dbConfig.MESSAGING_RETENTION_HOURS,
              intervalMs: dbConfig.MESSAGING_PURGE_INTERVAL_SECONDS * 1000,
              logger: opts.logger,
            }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) =>
            new OutboxRelay({
              dataSource,
              schema,
              nc,
              subjectPrefix: config.NATS_SUBJECT_PREFIX,
              logger: opts.logger,
            }),
        },
      );
      checks.push((_nc, ds) => ({
        name: 'database',
        check: async () => {
          await ds!.query('SELECT 1');
        },
      }));
    }

    const isGateway = opts.service === 'gateway';
    const extra = opts.readiness ?? [];
    providers.push(
      isGateway
        ? {
            provide: READINESS_CHECKS,
            inject: [NATS_CONNECTION, RpcClient],
            useFactory: (nc: NatsConnection, rpc: RpcClient) => [
              ...checks.map((make) => make(nc)),
              anyServiceReadiness(rpc),
              ...extra,
            ],
          }
        : {
            provide: READINESS_CHECKS,
            inject: [NATS_CONNECTION, DataSource],
            useFactory: (nc: NatsConnection, ds: DataSource) => [
              ...checks.map((make) => make(nc, ds)),
              ...extra,
            ],
          },
    );

    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, ...(isGateway ? [] : [ServicePingController])],
      providers,
      exports: providers
        .filter((p): p is Exclude<Provider, Function> => typeof p === 'object')
        .map((p) => p.provide)
        .concat([ShutdownState]),
    };
  }
}
