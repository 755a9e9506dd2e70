import { createInbox, ErrorCode, Msg, MsgHdrs, NatsConnection, NatsError, Subscription } from 'nats';

interface Waiting {
  resolve(reply: Uint8Array): void;
  reject(err: NatsError): void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over one wildcard inbox subscription per client: what nats.js `request` does with its
 * own inbox multiplexer, minus its per-request bookkeeping (a deferred, a timer promise, and a
 * `NatsError` built on every *successful* request to reject a promise already resolved — 1–2 % of the
 * gateway's CPU under bookings). Failures are the `NatsError`s `request` gives: `TIMEOUT` when no answer
 * came in time or the connection closed meanwhile, `503` when no service subscribes to the subject (the
 * server's no-responders status), and whatever `publish` throws. One difference: a publish refused by
 * NATS permissions (none are configured, see docs/architecture.md) times out instead of failing at once.
 */
export class ReplyInbox {
  private readonly waiting = new Map<string, Waiting>();
  private inbox?: string;
  private sub?: Subscription;
  private next = 0;

  constructor(private readonly nc: NatsConnection) {}

  request(
    subject: string,
    data: Uint8Array,
    opts: { timeout: number; headers: MsgHdrs },
  ): Promise<Uint8Array> {
    const inbox = this.listen();
    const token = (this.next++).toString(36);
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(NatsError.errorForCode(ErrorCode.Timeout));
      }, opts.timeout);
      this.waiting.set(token, { resolve, reject, timer });
      try {
        this.nc.publish(subject, data, { reply: `${inbox}.${token}`, headers: opts.headers });
      } catch (err) {
        clearTimeout(timer);
        this.waiting.delete(token);
        reject(err as NatsError);
      }
    });
  }

  /** The inbox, subscribed on first use (a SUB sent before the first request's PUB on the same connection). */
  private listen(): string {
    if (this.inbox && this.sub && !this.sub.isClosed()) return this.inbox;
    const inbox = createInbox();
    const sub = this.nc.subscribe(`${inbox}.*`, { callback: (err, msg) => this.answer(err, msg) });
    this.inbox = inbox;
    this.sub = sub;
    // Closed by the connection (or by an error): what still waits for an answer from it fails now.
    void sub.closed.then(
      () => this.failAll(inbox),
      () => this.failAll(inbox),
    );
    return inbox;
  }

  private answer(err: NatsError | null, msg: Msg): void {
    if (err || !this.inbox) return; // a subscription error closes it, and failAll answers what waits
    const token = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.waiting.get(token);
    if (!waiting) return; // answered after its timeout
    this.waiting.delete(token);
    clearTimeout(waiting.timer);
    // What nats.js checks on a request's reply: a status message with no data means no responders.
    if (msg.headers?.code === 503 && msg.data.length === 0) {
      waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    } else {
      waiting.resolve(msg.data);
    }
  }

  /** As nats.js's multiplexer does when its connection closes: what was waiting times out at once. */
  private failAll(inbox: string): void {
    if (this.inbox === inbox) this.inbox = undefined;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
    }
    this.waiting.clear();
  }
}
