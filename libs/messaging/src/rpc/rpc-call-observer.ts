import { NatsContext } from '@nestjs/microservices';
import { SpanKind } from '@opentelemetry/api';
import { PLATFORM_RPC } from '@slotline/contracts';
import { AppError, callerGaveUp } from '@slotline/errors';
import { Metrics, msUntilDeadline, runWithContext, startServerSpan } from '@slotline/observability';
import type { Logger } from 'pino';
import { readCallMeta } from './call-meta';

/** What a service records of every NATS request it handles. */
export interface RpcObservability {
  metrics: Metrics;
  logger?: Logger;
}

/** A reply packet in Nest's NATS wire format (before the request id is added). */
export interface ReplyPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

// What a handler threw, before RpcErrorFilter turned it into a wire error: its code is the outcome.
const failures = new WeakMap<NatsContext, unknown>();

/** Called by RpcErrorFilter with the exception a handler (or its pipes) threw. */
export function rememberFailure(ctx: NatsContext, exception: unknown): void {
  failures.set(ctx, exception);
}

/**
 * Runs one NATS request the way every service handles it: continues the caller's trace from
 * `traceparent` (span `nats <subject>`), puts request id and actor into the logging context, refuses a
 * request that arrived after its caller's deadline (set by PrefixedNatsServer) without starting it, and
 * records `rpc_server_duration_seconds` by subject and outcome (`ok`, an AppError's code, or `error`)
 * with one `rpc_handled` line. `run` produces the reply packets; the one that completes the call is
 * published after the line is logged and the span has ended.
 */
export function observeRpcCall(
  obs: RpcObservability,
  subject: string,
  natsCtx: NatsContext,
  publish: (packet: ReplyPacket) => unknown,
  run: (reply: (packet: ReplyPacket) => unknown) => Promise<unknown>,
): Promise<void> {
  const meta = readCallMeta(natsCtx);
  const carrier: Record<string, string> = meta.traceparent ? { traceparent: meta.traceparent } : {};
  const ctx = {
    request_id: meta.request_id ?? undefined,
    user_id: meta.actor?.user_id,
    role: meta.actor?.role,
    session_id: meta.actor?.session_id,
  };
  const started = process.hrtime.bigint();
  let last: ReplyPacket | undefined;
  const handled = runWithContext(ctx, () =>
    startServerSpan(`nats ${subject}`, carrier, SpanKind.SERVER, async () => {
      let failure: unknown;
      // A request that waited in the queue past its caller's deadline is not started at all.
      if (msUntilDeadline() <= 0) {
        failure = callerGaveUp();
        last = { err: (failure as AppError).toRpc(), isDisposed: true };
      } else {
        last = await new Promise<ReplyPacket>((done) => {
          const reply = (packet: ReplyPacket): unknown => {
            if (packet.isDisposed) return done(packet);
            return publish(packet);
          };
          run(reply).catch((err: unknown) => {
            // Nest's handler proxy answers every failure itself; this is only a guard against a bug there.
            rememberFailure(natsCtx, err);
            done({
              err: new AppError('SYS_INTERNAL', 'An internal error occurred.').toRpc(),
              isDisposed: true,
            });
          });
        });
        if (last.err !== undefined) failure = failures.get(natsCtx) ?? last.err;
      }
      const outcome = failure === undefined ? 'ok' : failure instanceof AppError ? failure.code : 'error';
      observe(obs, subject, outcome, started, meta.request_id);
      if (failure !== undefined) throw failure; // recorded on the span, as an exception and its status
    }),
  );
  return handled.then(
    () => void publish(last!),
    () => void publish(last!),
  );
}

function observe(
  obs: RpcObservability,
  subject: string,
  outcome: string,
  started: bigint,
  requestId: string | null,
): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  obs.metrics.rpcServerDuration.labels(subject, outcome).observe(seconds);
  // Logged inside the handler's span and request context, so trace_id and request_id are on the line.
  // The platform ping comes with every gateway readiness probe: kept out of the info stream.
  const level = subject === PLATFORM_RPC.ping.subject ? 'debug' : 'info';
  obs.logger?.[level](
    {
      event: 'rpc_handled',
      subject,
      outcome,
      duration_ms: Math.round(seconds * 1000),
      request_id: requestId ?? undefined,
    },
    'rpc handled',
  );
}
