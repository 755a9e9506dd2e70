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
import type { Request, Response } from 'express';

/** Stands in for the real auth guard: `x-test-user` becomes `req.user`. */
@Injectable()
export class FakeAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const id = req.header('x-test-user');
    if (id) req.user = { id, role: 'customer', sid: 's', aal: 'aal1' };
    return true;
  }
}

/** Renders errors as `{code, message, errors?, details?}` so tests can assert on codes without the real filter. */
@Catch()
export class TestErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof AppError) {
      res
        .status(err.status)
        .json({ code: err.code, message: err.message, errors: err.errors, details: err.details });
    } else if (err instanceof HttpException) {
      res.status(err.getStatus()).json({ code: 'HTTP', message: err.message });
    } else {
      res.status(500).json({ code: 'SYS_INTERNAL', message: String(err) });
    }
  }
}
