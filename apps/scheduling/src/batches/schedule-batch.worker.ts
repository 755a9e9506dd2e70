import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import type { Logger } from 'pino';
import { ScheduleBatchOrchestrator } from './schedule-batch.orchestrator';

/**
 * The background side of SCH-8: every replica polls for batches (and is woken by a submit); the lease
 * in the batch row decides who works which. A failed run is logged; the next poll picks the batch up.
 */
export class ScheduleBatchWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /**
   * The context the worker was made in (no request). A submit wakes the worker from inside its RPC call;
   * run there, the batch would inherit that call's deadline, trace and statement timeout.
   */
  private readonly root = new AsyncResource('ScheduleBatchWorker');

  constructor(
    private readonly orchestrator: ScheduleBatchOrchestrator,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.wake(), this.pollMs);
    this.timer.unref();
    void this.wake();
  }

  /** Wakes the worker from any context (a submit): the run happens in the worker's own. */
  kick(): void {
    this.root.runInAsyncScope(() => void this.wake());
  }

  /** Drains every batch it can claim; a wake during a run makes the run go round once more. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.orchestrator.drain();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.logger.error(
          { event: 'schedule_batch_run_failed', err },
          'schedule batch run failed; the next poll retries',
        );
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
