import { connect, NatsConnection, Subscription } from 'nats';
import { performance } from 'node:perf_hooks';

/**
 * When each event of one type reached its subject, keyed by an id in its data: a core NATS subscription
 * beside the stream, so the time is when the outbox relay published it. With the time each request was
 * answered, `sinceAnswer` gives how long after its answer the event was out for the consumers.
 */
export class EventArrivals {
  private readonly at = new Map<string, number>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly sub: Subscription,
  ) {}

  /** Watches `subject` (the platform's prefix included); `keyOf` picks the id out of the event's data. */
  static async watch(
    subject: string,
    keyOf: (data: Record<string, unknown>) => unknown,
  ): Promise<EventArrivals> {
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    const sub = nc.subscribe(subject);
    const arrivals = new EventArrivals(nc, sub);
    void (async () => {
      for await (const msg of sub) {
        const key = keyOf(JSON.parse(Buffer.from(msg.data).toString()).data ?? {});
        if (typeof key === 'string' && !arrivals.at.has(key)) arrivals.at.set(key, performance.now());
      }
    })();
    await nc.flush();
    return arrivals;
  }

  /** For each answered key whose event has arrived: arrival − answer, in ms, sorted; and how many are missing. */
  sinceAnswer(answeredAt: ReadonlyMap<string, number>): { latencies: number[]; missing: number } {
    const latencies: number[] = [];
    for (const [key, answered] of answeredAt) {
      const arrived = this.at.get(key);
      if (arrived !== undefined) latencies.push(arrived - answered);
    }
    return { latencies: latencies.sort((a, b) => a - b), missing: answeredAt.size - latencies.length };
  }

  /** When the event keyed `key` reached the stream, as epoch milliseconds (`Date.now()`'s clock). */
  epochOf(key: string): number | undefined {
    const arrived = this.at.get(key);
    return arrived === undefined ? undefined : performance.timeOrigin + arrived;
  }

  async close(): Promise<void> {
    this.sub.unsubscribe();
    await this.nc.close();
  }
}
