import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { BaseConfig, loadConfig } from '@slotline/config';
import { createValidationPipe } from '@slotline/errors';
import { ReadinessCheck, ShutdownState, watchParent } from '@slotline/health';
import { PrefixedNatsServer, RpcErrorFilter } from '@slotline/messaging';
import {
  Metrics,
  httpMetricsMiddleware,
  NestPinoLogger,
  createLogger,
  initTracing,
  logEvent,
  tzDatabaseVersion,
} from '@slotline/observability';
import { ConstraintErrorMap, ServiceName } from '@slotline/persistence';
import type { DestinationStream, Logger } from 'pino';
import { PlatformModule } from './platform.module';
import { cacheValidationMetadata } from './validation-metadata-cache';

export interface StartOptions<C extends BaseConfig> {
  service: ServiceName | 'gateway';
  configSchema: new () => C;
  rootModule: (platform: DynamicModule, config: C) => DynamicModule;
  /** What the service's named database constraints mean, for its TransactionRunner. */
  constraintErrors?: ConstraintErrorMap;
  readiness?: (config: C) => ReadinessCheck[];
  /** Gateway-only HTTP setup (security headers, body limits, filters…), applied before listen. */
  configureHttp?: (app: NestExpressApplication, config: C, logger: Logger) => void;
  env?: Record<string, string | undefined>;
  logDestination?: DestinationStream;
}

export interface RunningApp<C extends BaseConfig = BaseConfig> {
  app: INestApplication;
  config: C;
  logger: Logger;
  url: string;
  /** Readiness fails first, then in-flight HTTP and NATS work drains, then connections close. */
  shutdown(signal?: string): Promise<void>;
}

/** The one bootstrap of every app: main.ts and the end-to-end tests both go through here. */
export async function startApp<C extends BaseConfig>(opts: StartOptions<C>): Promise<RunningApp<C>> {
  const config = loadConfig(opts.configSchema, opts.env);
  cacheValidationMetadata();
  const tracing = initTracing({
    serviceName: `slotline-${opts.service}`,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger({
    service: opts.service,
    level: config.LOG_LEVEL,
    destination: opts.logDestination,
  });
  const metrics = new Metrics({ service: opts.service });
  const platform = PlatformModule.register({
    service: opts.service,
    config,
    logger,
    metrics,
    constraintErrors: opts.constraintErrors,
    readiness: opts.readiness?.(config),
  });

  const app = await NestFactory.create<NestExpressApplication>(opts.rootModule(platform, config), {
    logger: new NestPinoLogger(logger),
    bodyParser: opts.service !== 'gateway',
  });
  app.useGlobalPipes(createValidationPipe());
  app.use(httpMetricsMiddleware(metrics));
  if (opts.service === 'gateway') {
    opts.configureHttp?.(app, config, logger);
  } else {
    app.useGlobalFilters(new RpcErrorFilter());
    app.connectMicroservice(
      {
        strategy: new PrefixedNatsServer({
          servers: config.NATS_URL,
          queue: opts.service,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          name: `${opts.service}-rpc`,
          observability: { metrics, logger },
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.HTTP_HOST}:${address.port}`;
  logEvent(
    logger,
    'startup',
    // The zone rules every local time is computed with; see docs/scheduling-dst.md to update them.
    {
      port: address.port,
      node_env: config.NODE_ENV,
      tz_database: tzDatabaseVersion(),
      icu: process.versions.icu,
    },
    `${opts.service} ready on ${url}`,
  );

  let closing: Promise<void> | undefined;
  const shutdown = (signal = 'shutdown') =>
    (closing ??= (async () => {
      logEvent(logger, 'shutdown', { signal }, 'draining');
      app.get(ShutdownState).markDraining();
      await new Promise((r) => setTimeout(r, config.SHUTDOWN_GRACE_MS));
      // Stop taking work and let in-flight HTTP and NATS handlers finish before any module tears down
      // its clients (Nest runs onModuleDestroy before it closes the HTTP server).
      const server = app.getHttpServer() as import('node:http').Server;
      const httpDrained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([httpDrained, ...app.getMicroservices().map((m) => m.close())]);
      await app.close();
      await tracing.shutdown();
      logEvent(logger, 'stopped', { signal }, 'stopped');
    })());
  return { app, config, logger, url, shutdown };
}

/** For main.ts: start, and on SIGTERM/SIGINT shut down gracefully and exit. */
export async function runMain<C extends BaseConfig>(opts: StartOptions<C>): Promise<void> {
  let running: RunningApp<C>;
  try {
    running = await startApp(opts);
  } catch (err) {
    // Config errors list every bad variable; print them plainly and stop.
    process.stderr.write(`${opts.service} failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const stop = (signal: string) =>
    running.shutdown(signal).then(
      () => process.exit(0),
      (err) => {
        running.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // `on`, not `once`: a second signal (a process group getting it twice) must not kill mid-drain.
    process.on(signal, () => void stop(signal));
  }
  if (running.config.EXIT_WITH_PARENT) {
    watchParent(() => {
      logEvent(running.logger, 'parent_gone', { signal: 'parent_gone' }, 'supervisor gone: stopping');
      void stop('parent_gone');
    });
  }
}
