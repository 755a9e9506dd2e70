import { DynamicModule, INestApplication } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
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
  /**
   * The app's HTTP edge: its adapter and what it sets up before listen (security headers, body
   * limits, filters…). Without one the app serves its health and metrics port on Express.
   */
  httpEdge?: HttpEdge<C>;
  env?: Record<string, string | undefined>;
  logDestination?: DestinationStream;
}

/** What an edge's setup gets besides the app: the config, the logger and the metrics to record into. */
export interface HttpEdgeContext<C extends BaseConfig> {
  config: C;
  logger: Logger;
  metrics: Metrics;
}

/**
 * An HTTP adapter with the setup that goes with it. `A` is the application type that adapter gives
 * (NestFastifyApplication for FastifyAdapter), so the setup is typed for the adapter it runs on.
 */
export interface HttpEdge<C extends BaseConfig, A extends INestApplication = INestApplication> {
  adapter(config: C): AbstractHttpAdapter;
  /** Whether Nest registers its own body parsers (JSON, urlencoded); an edge with its own says no. */
  bodyParser: boolean;
  configure(app: A, context: HttpEdgeContext<C>): void | Promise<void>;
}

/** Binds an edge to its application type; `startApp` only needs the erased form. */
export function httpEdge<C extends BaseConfig, A extends INestApplication>(
  edge: HttpEdge<C, A>,
): HttpEdge<C> {
  return edge as unknown as HttpEdge<C>;
}

/** The NATS services' small HTTP port (health, metrics): Express, metrics recorded per request. */
export function expressEdge<C extends BaseConfig>(): HttpEdge<C> {
  return {
    adapter: () => new ExpressAdapter(),
    bodyParser: true,
    configure: (app, { metrics }) => {
      app.use(httpMetricsMiddleware(metrics));
    },
  };
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

  const edge = opts.httpEdge ?? expressEdge<C>();
  const app = await NestFactory.create(opts.rootModule(platform, config), edge.adapter(config), {
    logger: new NestPinoLogger(logger),
    bodyParser: edge.bodyParser,
  });
  app.useGlobalPipes(createValidationPipe());
  await edge.configure(app, { config, logger, metrics });
  if (opts.service !== 'gateway') {
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
