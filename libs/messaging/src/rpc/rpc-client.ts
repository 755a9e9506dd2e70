import { Actor, RPC_HEADERS, RpcContract } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { SpanKind, injectTraceparent, withSpan } from '@slotline/observability';
import {
  ErrorCode as NatsErrorCode,
  JSONCodec,
  NatsConnection,
  NatsError,
  headers as natsHeaders,
} from 'nats';
import { randomUUID } from 'node:crypto';
import { ConnectionWatch } from './connection-watch';
import { deadlineFor } from './deadline';
import { ReplyInbox } from './reply-inbox';
import { responseBytesOf, SerializedJson } from './serialized-json';

export interface RpcCallOptions {
  actor?: Actor | null;
  requestId?: string | null;
  idempotencyKey?: string | null;
  timeoutMs?: number;
}

export interface RpcClientOptions {
  nc: NatsConnection;
  subjectPrefix?: string;
  timeoutMs: number;
  /** Observes every call's duration and outcome (metrics). */
  observe?: (subject: string, outcome: string, seconds: number) => void;
}

const codec = JSONCodec<unknown>();

interface NestReply {
  response?: unknown;
  err?: unknown;
}

/**
 * Request/reply over NATS in the wire format of Nest's NATS transport ({pattern, data, id} out,
 * {response | err} back), over one reply inbox per client (`ReplyInbox`, nats.js `request`'s
 * semantics) so that every call has a timeout and a subject with no responders fails at once instead
 * of waiting for the timeout.
 */
export class RpcClient {
  private readonly prefix: string;
  private readonly link: ConnectionWatch;
  private readonly replies: ReplyInbox;

  constructor(private readonly opts: RpcClientOptions) {
    this.prefix = opts.subjectPrefix ?? '';
    this.link = new ConnectionWatch(opts.nc);
    this.replies = new ReplyInbox(opts.nc);
  }

  /**
   * The response type comes from the contract, never from the caller's annotation; there is no
   * overload for a bare subject, so every call names a contract declared in libs/contracts.
   */
  request<Req, Res>(contract: RpcContract<Req, Res>, data: Req, call: RpcCallOptions = {}): Promise<Res> {
    return this.traced(contract.subject, data, call, (reply) => this.decoded<Res>(reply));
  }

  /**
   * Like `request`, but the answer stays the JSON text the service wrote, for a caller that passes it on
   * unchanged (a large page sent straight to the HTTP response): no parse here, no stringify there.
   * Errors are thrown exactly as by `request`.
   */
  requestSerialized<Req, Res>(
    contract: RpcContract<Req, Res>,
    data: Req,
    call: RpcCallOptions = {},
  ): Promise<SerializedJson<Res>> {
    return this.traced(contract.subject, data, call, (reply, id) => {
      const bytes = responseBytesOf(reply, id);
      return new SerializedJson<Res>(bytes ?? Buffer.from(JSON.stringify(this.decoded<Res>(reply) ?? null)));
    });
  }

  private traced<T>(
    subject: string,
    data: unknown,
    call: RpcCallOptions,
    answer: (reply: Uint8Array, id: string) => T,
  ): Promise<T> {
    // A client span per call: the traceparent sent to the service names this span as its parent.
    return withSpan(
      `nats request ${subject}`,
      () => this.send(subject, data, call, answer),
      { 'messaging.destination.name': subject },
      SpanKind.CLIENT,
    );
  }

  /** The reply's `response`, or its error thrown as the AppError it names. */
  private decoded<TResponse>(reply: Uint8Array): TResponse {
    const body = codec.decode(reply) as NestReply;
    if (body.err !== undefined && body.err !== null) throw AppError.fromRpc(body.err);
    return body.response as TResponse;
  }

  private async send<T>(
    subject: string,
    data: unknown,
    call: RpcCallOptions,
    answer: (reply: Uint8Array, id: string) => T,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      if (this.link.isDown) {
        throw new AppError('SYS_UPSTREAM_UNAVAILABLE', 'The message broker is unreachable; retry shortly.');
      }
      // Fresh headers with distinct names: `append` is `set` without looking for a value to replace first.
      const hdrs = natsHeaders();
      const carrier: Record<string, string> = {};
      injectTraceparent(carrier);
      for (const k in carrier) hdrs.append(k, carrier[k]);
      if (call.requestId) hdrs.append(RPC_HEADERS.requestId, call.requestId);
      if (call.actor) hdrs.append(RPC_HEADERS.actor, JSON.stringify(call.actor));
      if (call.idempotencyKey) hdrs.append(RPC_HEADERS.idempotencyKey, call.idempotencyKey);
      const timeout = call.timeoutMs ?? this.opts.timeoutMs;
      hdrs.append(RPC_HEADERS.deadline, String(deadlineFor(timeout)));
      const wire = this.prefix + subject;
      const id = randomUUID();
      let reply;
      try {
        reply = await this.replies.request(wire, codec.encode({ pattern: subject, data, id }), {
          timeout,
          headers: hdrs,
        });
      } catch (err) {
        throw this.transportError(subject, err);
      }
      return answer(reply, id);
    } catch (err) {
      outcome = err instanceof AppError ? err.code : 'error';
      throw err;
    } finally {
      this.opts.observe?.(subject, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private transportError(subject: string, err: unknown): AppError {
    const code = (err as NatsError)?.code;
    if (code === NatsErrorCode.NoResponders) {
      return new AppError('SYS_UPSTREAM_UNAVAILABLE', `No service is answering "${subject}" right now.`);
    }
    if (code === NatsErrorCode.Timeout) {
      return new AppError('SYS_UPSTREAM_TIMEOUT', `The service behind "${subject}" did not answer in time.`);
    }
    return new AppError('SYS_UPSTREAM_UNAVAILABLE', 'The message broker could not be reached.');
  }
}
