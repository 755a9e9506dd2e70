import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { LOGGER } from '@slotline/bootstrap';
import { AppError } from '@slotline/errors';
import { createLogger } from '@slotline/observability';
import request from 'supertest';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import { Public, RequirePermission } from './route-access.decorators';

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared() {
    return { ok: true };
  }

  @Get('me')
  @RequirePermission('me:read')
  me() {
    return { ok: true };
  }
}

describe(AuthGuard.name, () => {
  let sut: INestApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    const verifier = {
      verify: async (token: string) => {
        if (token === 'customer-token') return { id: 'u1', role: 'customer', sid: 's1', aal: 'aal1' };
        throw new AppError('AUTH_TOKEN_INVALID', 'bad');
      },
    };
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: AccessTokenVerifier, useValue: verifier },
        {
          provide: LOGGER,
          useValue: createLogger({ service: 'test', destination: { write: (l: string) => lines.push(l) } }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    }).compile();
    sut = moduleRef.createNestApplication(new FastifyAdapter());
    sut.useGlobalFilters({
      catch: (err: AppError, host) =>
        host
          .switchToHttp()
          .getResponse()
          .code(err.status ?? 500)
          .send({ code: err.code }),
    });
    await sut.init();
    await (sut as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  });

  afterAll(() => sut.close());

  it('lets anyone through a @Public() route', async () => {
    await request(sut.getHttpServer()).get('/probe/open').expect(200);
  });

  it('denies a route that declares nothing, even to an authenticated caller, and logs rbac_deny', async () => {
    const res = await request(sut.getHttpServer())
      .get('/probe/undeclared')
      .set('Authorization', 'Bearer customer-token');
    expect(res.status).toBe(403);
    expect(lines.some((l) => JSON.parse(l).event === 'rbac_deny')).toBe(true);
  });

  it('asks for a token on a protected route and admits a role that has the permission', async () => {
    expect((await request(sut.getHttpServer()).get('/probe/me')).body.code).toBe('AUTH_UNAUTHENTICATED');
    await request(sut.getHttpServer())
      .get('/probe/me')
      .set('Authorization', 'Bearer customer-token')
      .expect(200);
  });
});
