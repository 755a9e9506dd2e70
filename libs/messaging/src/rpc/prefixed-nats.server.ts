import { NatsContext, ServerNats } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { NatsOptions } from '@nestjs/microservices/interfaces/microservice-configuration.interface';
import { AppError } from '@slotline/errors';
import { runWithDeadline } from '@slotline/observability';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { isObservable } from 'rxjs';
import { readDeadline } from './deadline';
import { InFlightCall, InFlightCalls } from './in-flight-calls';
import { observeRpcCall, ReplyPacket, RpcObservability } from './rpc-call-observer';
import { SerializedJsonReplySerializer } from './serialized-json-reply.serializer';

type NatsServerOptions = NonNullable<NatsOptions['options']> & {
  subjectPrefix?: string;
  /** How long `close()` lets in-flight handlers finish before it aborts and answers them. */
  drainGraceMs?: number;
  /** Metrics and logger for every request handled (trace, `rpc_server_duration_seconds`, `rpc_handled`). */
  observability?: RpcObservability;
};

type Publish = (packet: ReplyPacket) => unknown;

interface IncomingPacket {
  id?: string;
  pattern: unknown;
  data: unknown;
}

interface Tracked {
  call: InFlightCall;
  finish: () => void;
  publish?: Publish;
}

/**
 * Nest's NATS transport with four additions: subjects are prefixed (so test runs can share one NATS
 * server without answering each other); every message runs under its caller's deadline (`x-deadline`,
 * see TransactionRunner); every request is traced, timed and logged (`observeRpcCall`) here rather than
 * by a Nest interceptor, whose per-call rxjs and async-resource plumbing cost more than the work it
 * wrapped; and `close()` drains: it stops taking messages (queue peers get them),
 * waits until every message taken is answered, past `drainGraceMs` aborts what is left (its
 * transaction rolls back, the caller hears 503 and may retry), and only then closes the connection.
 */
export class PrefixedNatsServer extends ServerNats {
  private readonly inFlight = new InFlightCalls();
  private readonly tracked = new WeakMap<Msg, Tracked>();
  private readonly subs: Subscription[] = [];
  private readonly prefix: string;
  private readonly queue?: string;
  private readonly drainGraceMs: number;
  private readonly observability?: RpcObservability;
  private readonly routes = new Map<string, string>();
  private connection?: NatsConnection;

  constructor(options: NatsServerOptions) {
    const { subjectPrefix, drainGraceMs, observability, ...rest } = options;
    // A handler may answer `SerializedJson` (JSON text it wrote itself), sent as the value's bytes.
    super({ serializer: new SerializedJsonReplySerializer(), ...rest } as NonNullable<
      NatsOptions['options']
    >);
    this.queue = rest.queue;
    this.prefix = subjectPrefix ?? '';
    this.drainGraceMs = drainGraceMs ?? 10_000;
    this.observability = observability;
  }

  /**
   * Nest looks a handler up by its channel on every message, trying `JSON.parse` on the subject first
   * (which throws, with a stack, for every plain subject). Channels are this server's own subscriptions,
   * so each one's route is worked out once.
   */
  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      if (this.messageHandlers.has(route)) this.routes.set(pattern, route);
    }
    return route;
  }

  /**
   * Nest's `handleMessage`, with the call observed around the handler and a handler's plain result
   * answered at once (Nest wraps every result in an Observable and answers on the next tick).
   */
  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const natsCtx = new NatsContext([natsMsg.subject, natsMsg.headers as never]);
    const message = (await this.deserializer.deserialize(natsMsg.data, {
      channel,
      replyTo: natsMsg.reply,
    })) as IncomingPacket;
    if (message.id === undefined) return this.handleEvent(channel, message as never, natsCtx);
    const publish = this.getPublisher(natsMsg, message.id, natsCtx);
    const handler = this.getHandlerByPattern(channel);
    if (!handler) {
      publish({ id: message.id, status: 'error', err: NO_MESSAGE_HANDLER } as ReplyPacket);
      return;
    }
    const run = async (reply: Publish): Promise<void> => {
      const result: unknown = await handler(message.data, natsCtx);
      if (isObservable(result)) this.send(result, reply as never);
      else reply({ response: result, isDisposed: true });
    };
    return this.onProcessingStartHook(this.transportId, natsCtx, () =>
      this.observability ? observeRpcCall(this.observability, channel, natsCtx, publish, run) : run(publish),
    );
  }

  override bindEvents(client: NatsConnection): void {
    this.connection = client;
    const defaultQueue = this.queue;
    for (const [channel, handlerRef] of this.messageHandlers.entries()) {
      const queue = handlerRef.extras?.queue ?? defaultQueue;
      const handle = this.getMessageHandler(channel).bind(this);
      const sub = client.subscribe(this.prefix + channel, {
        queue,
        callback: (error, message) => void this.receive(handle, error, message),
      });
      this.subs.push(sub);
    }
  }

  /** Wraps Nest's reply: the packet that completes the response stream is when the call is done. */
  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): Publish {
    const publish = super.getPublisher(natsMsg as never, id, ctx) as Publish;
    const tracked = this.tracked.get(natsMsg);
    if (!tracked) return publish;
    tracked.publish = publish;
    return (packet) => {
      if (tracked.call.aborted) return undefined; // already answered on shutdown
      const sent = publish(packet);
      if (packet.isDisposed) tracked.finish();
      return sent;
    };
  }

  override async close(): Promise<void> {
    await Promise.all(this.subs.splice(0).map((sub) => sub.drain().catch(() => undefined)));
    for (const call of await this.inFlight.settle(this.drainGraceMs)) call.abort();
    await this.connection?.flush().catch(() => undefined);
    await super.close();
  }

  private async receive(
    handle: (error: unknown, message: unknown) => Promise<unknown>,
    error: unknown,
    message: Msg,
  ): Promise<void> {
    const deadline = { at: readDeadline(message?.headers) ?? Infinity };
    const call: InFlightCall = { deadline, aborted: false, abort: () => this.abort(message) };
    const tracked: Tracked = { call, finish: this.inFlight.start(call) };
    if (message) this.tracked.set(message, tracked);
    try {
      await runWithDeadline(deadline, () => handle(error, message));
    } finally {
      // Without a reply stream (an event, a message refused before its handler) the call ends here.
      if (!tracked.publish) tracked.finish();
    }
  }

  private abort(message: Msg): void {
    const tracked = this.tracked.get(message);
    if (!tracked) return;
    tracked.call.deadline.at = 0;
    tracked.call.aborted = true;
    const err = new AppError('SYS_UPSTREAM_UNAVAILABLE', 'The service is restarting; retry the request.');
    tracked.publish?.({ err: err.toRpc(), isDisposed: true });
    tracked.finish();
  }
}
