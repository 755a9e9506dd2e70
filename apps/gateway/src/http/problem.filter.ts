import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER } from '@slotline/bootstrap';
import { ERROR_CATALOG, ErrorCode, ProblemDocument } from '@slotline/contracts';
import { AppError, appErrorFromHttpException } from '@slotline/errors';
import { currentTraceIds } from '@slotline/observability';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { GatewayRequest } from '../auth/authenticated-request';
import { allowedMethods } from './route-table';

export const PROBLEM_TYPE_BASE = 'https://slotline.dev/problems/';

/**
 * Maps what the framework or body parser throws onto the taxonomy: the statuses the gateway words
 * for its own clients here, every other one as the services do (`appErrorFromHttpException`).
 */
function fromHttpException(err: HttpException, req: GatewayRequest): AppError {
  const status = err.getStatus();
  switch (status) {
    // At the edge, the framework's 404 means the router matched nothing.
    case 404:
      return new AppError('NF_ROUTE', `No route ${req.method} ${req.path}.`);
    case 413:
      return new AppError('VAL_PAYLOAD_TOO_LARGE', 'The request body is larger than 100 KB.');
    case 415:
      return new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    case 503: {
      // Terminus' readiness answer: keep which dependency is down, for the operator reading it.
      const body = err.getResponse();
      return new AppError(
        'SYS_NOT_READY',
        'The gateway is not ready to serve.',
        undefined,
        typeof body === 'object' ? (body as Record<string, unknown>) : undefined,
      );
    }
    default:
      return appErrorFromHttpException(err);
  }
}

/** Errors thrown by Express' body parser before Nest runs (malformed JSON, too large, bad charset). */
function fromBodyParser(err: { type?: string; status?: number }): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('VAL_MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('VAL_PAYLOAD_TOO_LARGE', 'The request body is larger than 100 KB.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding.');
    default:
      return undefined;
  }
}

export function toProblem(err: AppError, req: GatewayRequest): ProblemDocument {
  const code: ErrorCode = err.code;
  return {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_CATALOG[code].title,
    status: err.status,
    code,
    message: err.message,
    trace_id: currentTraceIds()?.trace_id ?? '',
    request_id: req.requestId ?? '',
    ...(err.errors?.length ? { errors: err.errors } : {}),
    ...(err.details ? { details: err.details } : {}),
  };
}

/** GW-1: every non-2xx answer is application/problem+json, and a 5xx never carries internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.handle(exception, ctx.getRequest<GatewayRequest>(), ctx.getResponse<Response>());
  }

  /** Also called by the Express error middleware for errors raised before Nest's router. */
  handle(exception: unknown, req: GatewayRequest, res: Response): void {
    let err: AppError;
    if (exception instanceof AppError) err = exception;
    else if (
      exception instanceof HttpException &&
      exception.getStatus() === 404 &&
      allowedMethods(req).length
    ) {
      res.setHeader('Allow', allowedMethods(req).join(', '));
      err = new AppError('VAL_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}.`);
    } else if (exception instanceof HttpException) err = fromHttpException(exception, req);
    else
      err =
        fromBodyParser(exception as { type?: string }) ??
        new AppError('SYS_INTERNAL', 'An internal error occurred.');

    if (err.code === 'SYS_NOT_READY') {
      // A readiness probe answered "not ready" (a dependency down, or draining): the state is reported
      // by the probe itself, and it repeats every few seconds; a warning, not an error per probe.
      this.logger.warn({ error_code: err.code, status: err.status, details: err.details }, 'not ready');
    } else if (err.status >= 500) {
      this.logger.error({ err: exception, error_code: err.code, status: err.status }, 'request failed');
    }
    if (err.code === 'RATE_LIMITED' || err.code === 'RATE_LOGIN_THROTTLED') {
      const retry = err.details?.retry_after_seconds;
      if (typeof retry === 'number' && !res.getHeader('Retry-After'))
        res.setHeader('Retry-After', String(retry));
    }
    res
      .status(err.status)
      .type('application/problem+json')
      .send(JSON.stringify(toProblem(err, req)));
  }
}
