import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditLogService } from './audit-log.service';

/**
 * Runs the retention purge every `intervalSeconds` (0: never; tests call the service directly). Each
 * replica ticks; the purge's advisory lock lets one of them work per tick while the others skip.
 */
export class AuditRetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly service: AuditLogService,
    private readonly intervalSeconds: number,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const outcome = await this.service.purgeExpired();
        if (outcome)
          this.logger.info({ event: 'audit_purged', ...outcome }, 'audit log rows past retention purged');
      } catch (err) {
        this.logger.error({ event: 'audit_purge_failed', err }, 'audit log purge failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
