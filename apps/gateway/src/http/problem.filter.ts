import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER } from '@slotline/bootstrap';
import { ERROR_CATALOG, ErrorCode, ProblemDocument } from '@slotline/contracts';
import { AppError, appErrorFromHttpException } from '@slotline/errors';
import { currentTraceIds } from '@slotline/observability';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { GatewayRequest, pathOf } from '../auth/authenticated-request';
import { bodyTooLarge } from './json-body';
import { RouteTable } from './route-table';

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
      return new AppError('NF_ROUTE', `No route ${req.method} ${pathOf(req)}.`);
    case 413:
      return bodyTooLarge(req);
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

/**
 * Errors Fastify and its plugins raise before Nest runs: a body over the largest limit (refused from its
 * Content-Length before it is read), a type no parser takes, a compressed body that cannot be inflated.
 */
function fromFastify(err: { code?: unknown }, req: GatewayRequest): AppError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLarge(req);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    case 'FST_CP_ERR_INVALID_CONTENT_ENCODING':
      return new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding.');
    case 'FST_CP_ERR_INVALID_CONTENT':
      return new AppError('VAL_MALFORMED_JSON', 'The request body is not valid JSON.');
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
  /** The gateway's routes, for the Allow header of a 405 (filled by the edge; empty in bare test apps). */
  readonly routes = new RouteTable();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  /**
   * Nest's own errors, and through Nest's Fastify error handler those raised before its router (hooks,
   * the body parser, Fastify itself).
   */
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.handle(exception, ctx.getRequest<GatewayRequest>(), ctx.getResponse<FastifyReply>());
  }

  handle(exception: unknown, req: GatewayRequest, res: FastifyReply): void {
    let err: AppError;
    const allowed =
      exception instanceof HttpException && exception.getStatus() === 404
        ? this.routes.allowedMethods(req.method, pathOf(req))
        : [];
    if (exception instanceof AppError) err = exception;
    else if (allowed.length) {
      res.header('Allow', allowed.join(', '));
      err = new AppError('VAL_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${pathOf(req)}.`);
    } else if (exception instanceof HttpException) err = fromHttpException(exception, req);
    else
      err =
        fromFastify(exception as { code?: unknown }, req) ??
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
        res.header('Retry-After', String(retry));
    }
    res
      .code(err.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .send(JSON.stringify(toProblem(err, req)));
  }
}
