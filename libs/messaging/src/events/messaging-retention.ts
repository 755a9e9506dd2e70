import type { DataSource } from 'typeorm';
import { MessagingLogger, fallbackMessagingLogger } from './messaging-logger';
import { quoteSchema } from './outbox-sql';

export interface MessagingRetentionOptions {
  dataSource: DataSource;
  schema: string;
  /** Published outbox rows and processed inbox rows older than this are deleted. */
  retentionHours: number;
  /** How often to purge; 0 turns the periodic purge off. */
  intervalMs: number;
  logger?: MessagingLogger;
}

/**
 * Keeps the outbox and inbox tables from growing forever. Only rows that have done their job go: outbox
 * rows already on the stream, and inbox rows (dedupe records) far older than any redelivery — JetStream
 * redelivers within minutes (ack wait × max deliveries), the default retention is a week. Deleting is
 * idempotent, so replicas need no coordination.
 */
export class MessagingRetention {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger: MessagingLogger;

  constructor(private readonly opts: MessagingRetentionOptions) {
    this.logger = opts.logger ?? fallbackMessagingLogger;
  }

  start(): void {
    if (this.opts.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.purgeOnce()
        .catch((err) =>
          this.logger.warn({ event: 'messaging_purge_failed', err: String(err) }, 'purge failed; will retry'),
        )
        .finally(() => (this.running = undefined));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async purgeOnce(now = new Date()): Promise<{ outbox: number; inbox: number; outcomes: number }> {
    const schema = quoteSchema(this.opts.schema);
    const cutoff = new Date(now.getTime() - this.opts.retentionHours * 3_600_000);
    const [, outbox] = await this.opts.dataSource.query(
      `DELETE FROM ${schema}.outbox WHERE published_at < $1`,
      [cutoff],
    );
    const [, inbox] = await this.opts.dataSource.query(
      `DELETE FROM ${schema}.inbox WHERE processed_at < $1`,
      [cutoff],
    );
    // Idempotent-command outcomes (RpcOutcomes), in the services that keep them.
    const [{ present }] = await this.opts.dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
      `${schema}.rpc_outcomes`,
    ]);
    const [, outcomes] = present
      ? await this.opts.dataSource.query(`DELETE FROM ${schema}.rpc_outcomes WHERE created_at < $1`, [cutoff])
      : [null, 0];
    if (outbox || inbox || outcomes)
      this.logger.info(
        { event: 'messaging_purged', outbox, inbox, outcomes },
        'purged old outbox, inbox and outcome rows',
      );
    return { outbox: outbox as number, inbox: inbox as number, outcomes: outcomes as number };
  }
}
