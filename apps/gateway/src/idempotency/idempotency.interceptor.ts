import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcErrorPayload } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, catchError, concatMap, from, of, throwError } from 'rxjs';
import { parseIdempotencyKey } from './idempotency-key';
import {
  DEFAULT_IDEMPOTENCY_IN_FLIGHT_TTL_SECONDS,
  DEFAULT_IDEMPOTENCY_KEY_PREFIX,
  DEFAULT_IDEMPOTENCY_RETENTION_SECONDS,
  IDEMPOTENCY_OPTIONS,
  IDEMPOTENT_METADATA,
  IdempotencyOptions,
} from './idempotency.options';
import { DoneRecord, IDEMPOTENCY_STORE, IdempotencyRecord, IdempotencyStore } from './idempotency.store';
import { requestFingerprint, sha256Hex } from './request-fingerprint';

/** The request as this interceptor leaves it: `idempotencyKey` is set once the header is validated. */
export interface IdempotentRequest extends FastifyRequest {
  idempotencyKey?: string;
  user?: { id?: string } | null;
}

const HANDLED = Symbol('idempotency-handled');
const REPLAYED_HEADER = 'Idempotency-Replayed';
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

/**
 * GW-4. With an Idempotency-Key, the first request claims the key and runs; a retry with the same body
 * gets the stored answer back without running again, a different body is 422, and a retry while the
 * first still runs is 409. Without the header the request simply runs (optional but recommended).
 *
 * What is stored: 2xx answers and 4xx business errors (replayed as they were). What is released, so
 * the client may retry with the same key: 5xx and timeouts (nothing is known to have happened) and
 * VAL_* / 400 validation failures (the handler never started, as Stripe does).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly keyPrefix: string;
  private readonly retentionMs: number;
  private readonly inFlightTtlMs: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions,
  ) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_IDEMPOTENCY_KEY_PREFIX;
    this.retentionMs = 1000 * (options.retentionSeconds ?? DEFAULT_IDEMPOTENCY_RETENTION_SECONDS);
    this.inFlightTtlMs = 1000 * (options.inFlightTtlSeconds ?? DEFAULT_IDEMPOTENCY_IN_FLIGHT_TTL_SECONDS);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<IdempotentRequest & { [HANDLED]?: true }>();
    const res = context.switchToHttp().getResponse<FastifyReply>();
    const enabled = this.reflector.getAllAndOverride<boolean>(IDEMPOTENT_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!enabled || req[HANDLED]) return next.handle();
    req[HANDLED] = true;

    // headersDistinct keeps a repeated header apart; req.headers would join it into one value.
    const key = parseIdempotencyKey(req.raw.headersDistinct['idempotency-key']);
    if (key === undefined) return next.handle();
    req.idempotencyKey = key;

    // Scoped by caller: two users picking the same key neither collide nor see each other's answers.
    const scope = req.user?.id
      ? `user:${req.user.id}`
      : `ip:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
    const storeKey = `${this.keyPrefix}:${scope}:${sha256Hex(key)}`;
    const fingerprint = requestFingerprint({
      method: req.method,
      path: req.originalUrl.split('?')[0],
      scope,
      body: req.body,
    });

    const claim = await this.storeCall(() => this.store.acquire(storeKey, fingerprint, this.inFlightTtlMs));
    if (!claim.acquired) return this.answerExisting(claim.record, fingerprint, res);

    return next.handle().pipe(
      concatMap((body) => from(this.saveSuccess(storeKey, claim.lock, fingerprint, res, body))),
      catchError((err: unknown) =>
        from(this.settleError(storeKey, claim.lock, fingerprint, err)).pipe(
          concatMap(() => throwError(() => err)),
        ),
      ),
    );
  }

  private answerExisting(
    record: IdempotencyRecord,
    fingerprint: string,
    res: FastifyReply,
  ): Observable<unknown> {
    if (record.fingerprint !== fingerprint) {
      throw new AppError(
        'VAL_IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request; use a new key.',
      );
    }
    if (record.state === 'in_flight') {
      res.header('Retry-After', '1');
      throw new AppError(
        'CF_IDEMPOTENCY_IN_FLIGHT',
        'A request with this Idempotency-Key is still running; retry shortly.',
      );
    }
    res.header(REPLAYED_HEADER, 'true');
    for (const [name, value] of Object.entries(record.headers)) res.header(name, value);
    if (record.error === 'app_error') throw AppError.fromRpc(record.body);
    if (record.error === 'http_exception')
      throw new HttpException(record.body as string | object, record.status);
    res.code(record.status);
    return of(record.body);
  }

  private async saveSuccess(
    storeKey: string,
    lock: string,
    fingerprint: string,
    res: FastifyReply,
    body: unknown,
  ) {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const record: DoneRecord = {
      state: 'done',
      fingerprint,
      status: res.statusCode,
      headers,
      body: body ?? null,
    };
    await this.bestEffort(() => this.store.complete(storeKey, lock, record, this.retentionMs), 'complete');
    return body;
  }

  private async settleError(
    storeKey: string,
    lock: string,
    fingerprint: string,
    err: unknown,
  ): Promise<void> {
    const stored = storedError(err);
    if (!stored) {
      await this.bestEffort(() => this.store.release(storeKey, lock), 'release');
      return;
    }
    const record: DoneRecord = { state: 'done', fingerprint, headers: {}, ...stored };
    await this.bestEffort(() => this.store.complete(storeKey, lock, record, this.retentionMs), 'complete');
  }

  /** Without its store the gateway cannot keep the promise the key makes, so it refuses (503). */
  private async storeCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      this.logger.warn({ event: 'idempotency_store_unavailable', error: errorMessage(err) });
      throw new AppError(
        'SYS_UPSTREAM_UNAVAILABLE',
        'Idempotency keys cannot be checked right now; retry later.',
      );
    }
  }

  /** After the handler ran, its answer goes out even if the record cannot be written. */
  private async bestEffort(call: () => Promise<unknown>, step: string): Promise<void> {
    try {
      await call();
    } catch (err) {
      this.logger.warn({ event: 'idempotency_store_write_failed', step, error: errorMessage(err) });
    }
  }
}

/** The replayable form of a 4xx error, or undefined when the key should be released instead. */
function storedError(err: unknown): Pick<DoneRecord, 'status' | 'body' | 'error'> | undefined {
  if (err instanceof AppError) {
    if (err.status >= 500 || err.code.startsWith('VAL_')) return undefined;
    const body: RpcErrorPayload = err.toRpc();
    return { status: err.status, body, error: 'app_error' };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status >= 500 || status === 400) return undefined;
    return { status, body: err.getResponse(), error: 'http_exception' };
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
