/* Test-only: a tiny gateway with a fake auth guard, @Idempotent() routes and a minimal error filter. */
import { Body, Controller, INestApplication, Post, Res } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppError } from '@slotline/errors';
import type { FastifyReply } from 'fastify';
import { FakeAuthGuard, TestErrorFilter } from '../testing/edge-test-doubles';
import { IdempotencyModule } from './idempotency.module';
import { IdempotencyOptions } from './idempotency.options';
import { IdempotencyKey, Idempotent } from './idempotent.decorator';

/** What the dummy handlers did, for assertions on side effects. */
export class SideEffects {
  calls = 0;
  /** While set, POST /t/slow waits for it; `entered` resolves when the handler starts. */
  gate?: Promise<void>;
  entered?: () => void;
}

@Controller('t')
class DummyController {
  constructor(private readonly effects: SideEffects) {}

  @Idempotent()
  @Post('jobs')
  create(
    @Body() body: unknown,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const id = `job-${++this.effects.calls}`;
    res.header('Location', `/v1/jobs/${id}`);
    return { id, key: key ?? null, body };
  }

  @Idempotent()
  @Post('slow')
  async slow() {
    const n = ++this.effects.calls;
    this.effects.entered?.();
    await this.effects.gate;
    return { id: `slow-${n}` };
  }

  @Idempotent()
  @Post('conflict')
  conflict(): never {
    this.effects.calls++;
    throw new AppError('CF_CONFLICT', `Conflict number ${this.effects.calls}`);
  }

  @Idempotent()
  @Post('timeout')
  timeout(): never {
    this.effects.calls++;
    throw new AppError('SYS_UPSTREAM_TIMEOUT', 'Upstream timed out');
  }

  @Idempotent()
  @Post('invalid')
  invalid(): never {
    this.effects.calls++;
    throw new AppError('VAL_FAILED', 'Bad field', [
      { field: 'x', code: 'required', message: 'x is required' },
    ]);
  }

  @Post('plain')
  plain() {
    return { id: `plain-${++this.effects.calls}` };
  }
}

export async function createIdempotencyTestApp(
  options: IdempotencyOptions,
): Promise<{ app: INestApplication; effects: SideEffects }> {
  const moduleRef = await Test.createTestingModule({
    imports: [IdempotencyModule.forRoot(options)],
    controllers: [DummyController],
    providers: [
      SideEffects,
      { provide: APP_GUARD, useClass: FakeAuthGuard },
      { provide: APP_FILTER, useClass: TestErrorFilter },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, effects: app.get(SideEffects) };
}
