import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Nudge } from '@slotline/messaging';
import type { Logger } from 'pino';

export interface WebhookTask {
  /** Log event name prefix: `<name>_failed`. */
  name: string;
  /** 0: never (tests call `tick()` themselves). */
  intervalMs: number;
  work: () => Promise<void>;
}

/**
 * The webhook feature's periodic work (delivery polling, log purge), shaped like auth-audit's
 * retention job: an unref'd timer per task that never overlaps itself, started on bootstrap and
 * awaited on shutdown. Work that must run once per tick across replicas takes an advisory lock inside.
 */
export class WebhookJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private readonly nudges = new Map<string, Nudge>();

  constructor(
    private readonly tasks: WebhookTask[],
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    for (const task of this.tasks) {
      if (task.intervalMs <= 0) continue;
      const timer = setInterval(() => void this.tick(task.name), task.intervalMs);
      timer.unref();
      this.timers.push(timer);
      this.nudges.set(
        task.name,
        new Nudge({ pass: () => this.tick(task.name), inPass: () => this.running.get(task.name) }),
      );
    }
  }

  /**
   * Something was just queued for the task (the events consumer calls this once the deliveries'
   * transaction has committed): a run about 20 ms later (a burst shares it) rather than at the next tick. Only for a task
   * that is polling (never in tests that drive `tick`).
   */
  nudge(name: string): void {
    this.nudges.get(name)?.nudge();
  }

  tick(name: string): Promise<void> {
    const task = this.tasks.find((t) => t.name === name);
    if (!task) throw new Error(`No webhook task ${name}`);
    const inFlight = this.running.get(name);
    if (inFlight) return inFlight;
    const run = task
      .work()
      .catch((err) => this.logger.error({ event: `${name}_failed`, err }, `${name} failed`))
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    this.timers.splice(0).forEach(clearInterval);
    this.nudges.forEach((n) => n.stop());
    await Promise.all(this.running.values());
  }
}
