import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  HttpException,
  Logger,
} from '@nestjs/common';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants';
import { NatsContext, RpcException } from '@nestjs/microservices';
import { AppError, appErrorFromHttpException } from '@slotline/errors';
import { Observable, throwError } from 'rxjs';
import { rememberFailure } from './rpc-call-observer';

/**
 * Every failure of a NATS handler leaves as a typed RPC error ({code, status, message, errors?}).
 * Unknown errors are logged here with their stack and cross the wire only as SYS_INTERNAL.
 */
@Catch()
export class RpcErrorFilter implements ExceptionFilter<unknown> {
  private readonly logger = new Logger('rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'http') return this.replyHttp(exception, host);
    const ctx = host.switchToRpc().getContext<unknown>();
    // The outcome PrefixedNatsServer records is what was thrown, not the wire error below.
    if (ctx instanceof NatsContext) rememberFailure(ctx, exception);
    if (exception instanceof AppError) return throwError(() => exception.toRpc());
    // A guard returning false: Nest throws an RpcException here where over HTTP it throws a 403.
    if (exception instanceof RpcException && exception.getError() === FORBIDDEN_MESSAGE) {
      return throwError(() => appErrorFromHttpException(new ForbiddenException(FORBIDDEN_MESSAGE)).toRpc());
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return throwError(() => appErrorFromHttpException(exception).toRpc());
    }
    this.logger.error({ err: exception }, 'unhandled error in a message handler');
    return throwError(() => new AppError('SYS_INTERNAL', 'An internal error occurred.').toRpc());
  }

  /** A service's own HTTP port serves only health and metrics; its errors are plain problem JSON. */
  private replyHttp(exception: unknown, host: ArgumentsHost): void {
    const res = host
      .switchToHttp()
      .getResponse<{ status(n: number): { type(t: string): { send(b: string): void } } }>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const body = exception instanceof HttpException ? exception.getResponse() : { message: 'Internal error' };
    if (status >= 500 && !(exception instanceof HttpException))
      this.logger.error({ err: exception }, 'unhandled HTTP error');
    res
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify({ status, ...(typeof body === 'object' ? body : { message: body }) }));
  }
}
