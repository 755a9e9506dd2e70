import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PLATFORM_RPC } from '@slotline/contracts';
import { AppError, callerGaveUp } from '@slotline/errors';
import { Metrics, msUntilDeadline, runWithContext, startServerSpan } from '@slotline/observability';
import { SpanKind } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { Observable, from, lastValueFrom } from 'rxjs';
import { readCallMeta } from './call-meta';

/**
 * Wraps every NATS handler: continues the caller's trace from `traceparent`, puts request id and actor
 * into the logging context, refuses a request that arrived after its caller's deadline (set by
 * PrefixedNatsServer), and records `rpc_server_duration_seconds` by subject and outcome.
 */
@Injectable()
export class RpcServerInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger?: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const natsCtx = rpc.getContext<NatsContext>();
    const pattern = Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as string[] | undefined;
    const subject = pattern?.[0] ?? natsCtx.getSubject();
    const meta = readCallMeta(natsCtx);
    const carrier: Record<string, string> = {};
    if (meta.traceparent) carrier.traceparent = meta.traceparent;
    const started = process.hrtime.bigint();
    const handle = async () => {
      try {
        // A request that waited in the queue past its caller's deadline is not started at all.
        if (msUntilDeadline() <= 0) throw callerGaveUp();
        const value = await lastValueFrom(next.handle(), { defaultValue: undefined });
        this.observe(subject, 'ok', started, meta.request_id);
        return value;
      } catch (err) {
        this.observe(subject, err instanceof AppError ? err.code : 'error', started, meta.request_id);
        throw err;
      }
    };
    const ctx = {
      request_id: meta.request_id ?? undefined,
      user_id: meta.actor?.user_id,
      role: meta.actor?.role,
      session_id: meta.actor?.session_id,
    };
    return from(
      runWithContext(ctx, () => startServerSpan(`nats ${subject}`, carrier, SpanKind.SERVER, handle)),
    );
  }

  private observe(subject: string, outcome: string, started: bigint, requestId: string | null): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.rpcServerDuration.labels(subject, outcome).observe(seconds);
    // Logged inside the handler's span and request context, so trace_id and request_id are on the line.
    // The platform ping comes with every gateway readiness probe: kept out of the info stream.
    const level = subject === PLATFORM_RPC.ping.subject ? 'debug' : 'info';
    this.logger?.[level](
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
}
