/* Test-only: a tiny gateway with a fake auth guard, the rate-limit guard and a minimal error filter. */
import { Controller, Get, INestApplication, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { FakeAuthGuard, TestErrorFilter } from '../testing/edge-test-doubles';
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
  // Tests stand for clients behind one proxy hop and pick their address with X-Forwarded-For.
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter({ trustProxy: true }),
    {
      logger: false,
    },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
