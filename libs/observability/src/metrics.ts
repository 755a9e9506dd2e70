import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  service: string;
  /** Default process metrics (CPU, memory, event loop lag, GC); true unless turned off. */
  collectDefault?: boolean;
}

type Metric = Counter<string> | Gauge<string> | Histogram<string>;

// Seconds; requests and RPCs are mostly tens of milliseconds, queries mostly single milliseconds.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * One app's metrics in its own registry (never prom-client's global one: several apps may run in one
 * test process), every series labelled with `service`. Names are listed in docs/observability/metrics.md.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly service: string;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly rpcServerDuration: Histogram<'subject' | 'outcome'>;
  readonly rpcClientDuration: Histogram<'subject' | 'outcome'>;
  readonly dbQueryDuration: Histogram<'operation' | 'outcome'>;

  constructor(opts: MetricsOptions) {
    this.service = opts.service;
    this.registry.setDefaultLabels({ service: opts.service });
    if (opts.collectDefault ?? true) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = this.histogram(
      'http_server_request_duration_seconds',
      'HTTP request latency by route template and status code',
      ['method', 'route', 'status_code'],
      LATENCY_BUCKETS,
    );
    this.rpcServerDuration = this.histogram(
      'rpc_server_duration_seconds',
      'Latency of handled NATS requests and events by subject and outcome',
      ['subject', 'outcome'],
      LATENCY_BUCKETS,
    );
    this.rpcClientDuration = this.histogram(
      'rpc_client_duration_seconds',
      'Latency of NATS requests sent, by subject and outcome',
      ['subject', 'outcome'],
      LATENCY_BUCKETS,
    );
    this.dbQueryDuration = this.histogram(
      'db_query_duration_seconds',
      'Database query latency by operation and outcome',
      ['operation', 'outcome'],
      DB_BUCKETS,
    );
    // Zone rules (DST dates) come from this database; a stale one shows here before it shows in bookings.
    this.gauge(
      'runtime_tz_database_info',
      'The IANA time-zone database the runtime computes local times with (process.versions.tz)',
      ['version'],
    ).set({ version: tzDatabaseVersion() }, 1);
  }

  /** The counter named `name`, created on first use. */
  counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return (this.existing(name, Counter) ??
      new Counter<L>({ name, help, labelNames, registers: [this.registry] })) as Counter<L>;
  }

  /** The gauge named `name`, created on first use; `collect` runs on every scrape to set its value. */
  gauge<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    const found = this.existing(name, Gauge);
    if (found) return found as Gauge<L>;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect && {
        collect(this: Gauge<L>) {
          return collect(this);
        },
      }),
    });
  }

  /** The histogram named `name`, created on first use (buckets in seconds). */
  histogram<L extends string = string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets: number[] = LATENCY_BUCKETS,
  ): Histogram<L> {
    return (this.existing(name, Histogram) ??
      new Histogram<L>({ name, help, labelNames, buckets, registers: [this.registry] })) as Histogram<L>;
  }

  /** The Prometheus text exposition, for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private existing(name: string, type: new (...args: never[]) => Metric): Metric | undefined {
    const found = this.registry.getSingleMetric(name) as Metric | undefined;
    if (found && !(found instanceof type)) throw new Error(`Metric ${name} already exists with another type`);
    return found;
  }
}

/** The IANA tz database version of the runtime's ICU (e.g. `2025b`); `unknown` on a build without ICU. */
export function tzDatabaseVersion(): string {
  return process.versions.tz ?? 'unknown';
}
