import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { nextCronTime, REMINDER_CRON_OFF } from './cron';
import { ReminderService } from './reminder.service';

/**
 * Runs a reminder tick at every `REMINDER_CRON` time (ADR 0005). Every replica ticks; the tick's advisory
 * lock lets one of them work while the others skip, and the unique reminder key makes a retried tick
 * harmless. A failed tick is logged and counted, and the next tick catches up (it selects by state).
 */
export class ReminderWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly service: ReminderService,
    private readonly cron: string,
    private readonly logger: Logger,
    private readonly failed: Counter,
  ) {}

  onApplicationBootstrap(): void {
    if (this.cron === REMINDER_CRON_OFF) return;
    this.scheduleNext();
  }

  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const outcome = await this.service.runTick();
        if (outcome.upcoming || outcome.overdue)
          this.logger.info({ event: 'reminders_emitted', ...outcome }, 'reminders emitted');
        else this.logger.debug({ event: 'reminder_tick', ...outcome }, 'reminder tick');
      } catch (err) {
        this.failed.inc();
        this.logger.error(
          { event: 'reminder_tick_failed', err },
          'reminder tick failed; the next tick retries',
        );
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = new Date();
    const delay = Math.max(nextCronTime(this.cron, now).getTime() - now.getTime(), 0);
    this.timer = setTimeout(() => void this.tick().finally(() => this.scheduleNext()), delay);
    this.timer.unref();
  }
}
