import { ServerNats, WritePacket } from '@nestjs/microservices';
import type { Observable, Subscription } from 'rxjs';
import type { NatsConnection } from 'nats';
import { NatsOptions } from '@nestjs/microservices/interfaces/microservice-configuration.interface';

type NatsServerOptions = NonNullable<NatsOptions['options']> & { subjectPrefix?: string };

/**
 * Nest's NATS transport with two additions: subjects are prefixed (so test runs can share one NATS
 * server without answering each other), and `close()` waits for in-flight handlers to finish after the
 * subscriptions stop, so a SIGTERM never drops a request half-done.
 */
export class PrefixedNatsServer extends ServerNats {
  private inFlight = 0;
  private readonly subs: Array<{ unsubscribe(): void }> = [];
  private readonly prefix: string;
  private readonly queue?: string;

  constructor(options: NatsServerOptions) {
    const { subjectPrefix, ...rest } = options;
    super(rest as NonNullable<NatsOptions['options']>);
    this.queue = rest.queue;
    this.prefix = subjectPrefix ?? '';
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.queue;
    for (const [channel, handlerRef] of this.messageHandlers.entries()) {
      const queue = handlerRef.extras?.queue ?? defaultQueue;
      const handle = this.getMessageHandler(channel).bind(this);
      const sub = client.subscribe(this.prefix + channel, {
        queue,
        callback: async (error: unknown, message: unknown) => {
          this.inFlight++;
          try {
            await handle(error as never, message as never);
          } finally {
            this.inFlight--;
          }
        },
      });
      this.subs.push(sub);
    }
  }

  /**
   * A handler's work ends when its reply is published, not when the handler returns: Nest subscribes to
   * the result and replies on a later tick. Counted until the last packet is sent, so close() waits for it.
   */
  override send(
    stream$: Observable<unknown>,
    respond: (data: WritePacket) => Promise<unknown> | void,
  ): Subscription {
    this.inFlight++;
    let finished = false;
    return super.send(stream$, async (packet) => {
      try {
        return await respond(packet);
      } finally {
        if (packet.isDisposed && !finished) {
          finished = true;
          this.inFlight--;
        }
      }
    });
  }

  override async close(): Promise<void> {
    this.subs.splice(0).forEach((sub) => sub.unsubscribe());
    const deadline = Date.now() + 10000;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await super.close();
  }
}
