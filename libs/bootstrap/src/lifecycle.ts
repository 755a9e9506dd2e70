import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { OutboxRelay, ensureEventsStream } from '@slotline/messaging';
import { BaseConfig } from '@slotline/config';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { APP_CONFIG, NATS_CONNECTION } from './tokens';

/** Starts background pieces once the app is up and closes connections last, in order. */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly dataSource?: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Every app may be first up on a fresh NATS server; creating or updating the stream is idempotent.
    await ensureEventsStream(this.nc, { name: this.config.NATS_STREAM, subjectPrefix: this.config.NATS_SUBJECT_PREFIX });
    this.relay?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}
