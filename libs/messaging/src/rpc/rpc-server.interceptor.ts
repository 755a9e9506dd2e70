import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { AppError } from '@slotline/errors';
import { Metrics, runWithContext, startServerSpan } from '@slotline/observability';
import { SpanKind } from '@opentelemetry/api';
import { Observable, from, lastValueFrom } from 'rxjs';
import { readCallMeta } from './call-meta';

/**
 * Wraps every NATS handler: continues the caller's trace from `traceparent`, puts request id and actor
 * into the logging context, and records `rpc_server_duration_seconds` by subject and outcome.
 */
@Injectable()
export class RpcServerInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

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
    const run = () =>
      runWithContext(
        { request_id: meta.request_id ?? undefined, user_id: meta.actor?.user_id, role: meta.actor?.role, session_id: meta.actor?.session_id },
        () => startServerSpan(`nats ${subject}`, carrier, SpanKind.SERVER, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
      );
    return from(
      run().then(
        (value) => {
          this.observe(subject, 'ok', started);
          return value;
        },
        (err: unknown) => {
          this.observe(subject, err instanceof AppError ? err.code : 'error', started);
          throw err;
        },
      ),
    );
  }

  private observe(subject: string, outcome: string, started: bigint): void {
    this.metrics.rpcServerDuration.labels(subject, outcome).observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}
