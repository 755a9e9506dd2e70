import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { MessagingRetention, OutboxRelay, ensureEventsStream } from '@slotline/messaging';
import { BaseConfig } from '@slotline/config';
import { READINESS_CHECKS, ReadinessCheck } from '@slotline/health';
import { Metrics } from '@slotline/observability';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { APP_CONFIG, NATS_CONNECTION } from './tokens';

/** Starts background pieces once the app is up and closes connections last, in order. */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    private readonly metrics: Metrics,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly retention?: MessagingRetention,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = [],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Every app may be first up on a fresh NATS server; creating or updating the stream is idempotent.
    await ensureEventsStream(this.nc, {
      name: this.config.NATS_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
      replicas: this.config.NATS_STREAM_REPLICAS,
    });
    const relay = this.relay;
    if (relay) {
      // Outbox lag, read on every scrape: events committed but not yet on the stream (OBS-4 alert).
      const lag = () => relay.lag().catch(() => ({ pending: NaN, oldestAgeSeconds: NaN }));
      this.metrics.gauge(
        'outbox_pending_events',
        'Committed domain events not yet published',
        [],
        async (g) => g.set((await lag()).pending),
      );
      this.metrics.gauge(
        'outbox_oldest_pending_age_seconds',
        'Age of the oldest unpublished event',
        [],
        async (g) => g.set((await lag()).oldestAgeSeconds),
      );
      relay.start();
    }
    this.retention?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.retention?.stop();
    await this.relay?.stop();
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    await Promise.all((this.checks ?? []).map((c) => c.close?.().catch(() => undefined)));
  }
}
