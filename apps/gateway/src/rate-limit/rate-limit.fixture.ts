/* Test-only: a tiny gateway with a fake auth guard, the rate-limit guard and a minimal error filter. */
import {
  ArgumentsHost,
  CanActivate,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Get,
  INestApplication,
  Injectable,
  Post,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppError } from '@slotline/errors';
import type { Request, Response } from 'express';
import { RateLimitTier } from './rate-limit-tier.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';
import { RateLimitOptions } from './rate-limit.options';

@Controller('t')
class DummyController {
  @Get('read')
  read() {
    return { ok: true };
  }

  @Post('write')
  write() {
    return { ok: true };
  }

  @RateLimitTier('auth')
  @Post('login')
  login() {
    return { ok: true };
  }

  @RateLimitTier('admin')
  @Get('admin')
  admin() {
    return { ok: true };
  }
}

/** Stands in for the real auth guard: `x-test-user` becomes `req.user`. */
@Injectable()
class FakeAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const id = req.header('x-test-user');
    if (id) req.user = { id, role: 'customer', sid: 's', aal: 'aal1' };
    return true;
  }
}

@Catch()
class TestErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof AppError) {
      res.status(err.status).json({ code: err.code, message: err.message, details: err.details });
      return;
    }
    res.status(500).json({ code: 'SYS_INTERNAL', message: String(err) });
  }
}

export async function createRateLimitTestApp(options: RateLimitOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [RateLimitModule.forRoot(options)],
    controllers: [DummyController],
    providers: [
      { provide: APP_GUARD, useClass: FakeAuthGuard },
      { provide: APP_GUARD, useExisting: RateLimitGuard },
      { provide: APP_FILTER, useClass: TestErrorFilter },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  // Tests stand for clients behind one proxy hop and pick their address with X-Forwarded-For.
  app.set('trust proxy', true);
  await app.init();
  return app;
}
