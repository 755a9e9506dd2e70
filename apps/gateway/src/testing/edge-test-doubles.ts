/* Test-only stand-ins shared by the gateway's edge fixtures (rate limits, idempotency). */
import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  Injectable,
} from '@nestjs/common';
import { AppError } from '@slotline/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Stands in for the real auth guard: `x-test-user` becomes `req.user`. */
@Injectable()
export class FakeAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    const id = req.headers['x-test-user'];
    if (typeof id === 'string') req.user = { id, role: 'customer', sid: 's', aal: 'aal1' };
    return true;
  }
}

/** Renders errors as `{code, message, errors?, details?}` so tests can assert on codes without the real filter. */
@Catch()
export class TestErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof AppError) {
      void res
        .code(err.status)
        .send({ code: err.code, message: err.message, errors: err.errors, details: err.details });
    } else if (err instanceof HttpException) {
      void res.code(err.getStatus()).send({ code: 'HTTP', message: err.message });
    } else {
      void res.code(500).send({ code: 'SYS_INTERNAL', message: String(err) });
    }
  }
}
