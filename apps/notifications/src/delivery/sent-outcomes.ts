import { AttemptRecord } from '../notify/notification.record';

interface Waiting {
  attempt: AttemptRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Records successful sends in groups: the sends of one dispatch pass run side by side and mostly finish
 * together, so every success that arrives before the next turn of the event loop is written with the
 * others in one statement instead of one each. Nothing waits longer than that turn, and each caller's
 * promise settles with its own group's write, so a send is still recorded (or reported as failing to
 * be) before its caller moves on.
 */
export class SentOutcomes {
  private waiting: Waiting[] = [];

  constructor(private readonly write: (attempts: AttemptRecord[]) => Promise<void>) {}

  record(attempt: AttemptRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ attempt, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    try {
      await this.write(group.map((w) => w.attempt));
      for (const w of group) w.resolve();
    } catch (err) {
      for (const w of group) w.reject(err);
    }
  }
}
