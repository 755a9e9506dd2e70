import {
  CanActivate,
  Controller,
  Get,
  INestApplication,
  Injectable,
  Module,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Payload } from '@nestjs/microservices';
import { defineRpc } from '@slotline/contracts';
import { RpcHandler } from '@slotline/messaging';
import { createLogger } from '@slotline/observability';
import request from 'supertest';
import { ProbeService, startProbeService } from '../testing/probe-service';
import { ProblemFilter } from './problem.filter';

/** A guard that says no: Nest turns it into a 403 over HTTP, an RpcException over NATS. */
@Injectable()
class DenyGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

/** A guard that finds no credentials, the way Passport-style guards refuse (a framework 401). */
@Injectable()
class NoCredentialsGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException();
  }
}

const PROBE_RPC = {
  denied: defineRpc<Record<string, never>, { ok: true }>('probe.framework.denied'),
  unauthenticated: defineRpc<Record<string, never>, { ok: true }>('probe.framework.unauthenticated'),
};

@Controller()
class ServiceController {
  @RpcHandler(PROBE_RPC.denied)
  @UseGuards(DenyGuard)
  denied(@Payload() _body: Record<string, never>) {
    return { ok: true } as const;
  }

  @RpcHandler(PROBE_RPC.unauthenticated)
  @UseGuards(NoCredentialsGuard)
  unauthenticated(@Payload() _body: Record<string, never>) {
    return { ok: true } as const;
  }
}

@Module({ controllers: [ServiceController] })
class ServiceModule {}

describe('framework 401/403 from the gateway and from a service', () => {
  let probe: ProbeService;
  let gateway: INestApplication;

  beforeAll(async () => {
    probe = await startProbeService(ServiceModule);
    const rpc = probe.rpc;

    @Controller()
    class EdgeController {
      @Get('edge/denied')
      @UseGuards(DenyGuard)
      edgeDenied() {
        return { ok: true };
      }

      @Get('edge/unauthenticated')
      @UseGuards(NoCredentialsGuard)
      edgeUnauthenticated() {
        return { ok: true };
      }

      @Get('service/denied')
      serviceDenied() {
        return rpc.request(PROBE_RPC.denied, {});
      }

      @Get('service/unauthenticated')
      serviceUnauthenticated() {
        return rpc.request(PROBE_RPC.unauthenticated, {});
      }
    }

    @Module({ controllers: [EdgeController] })
    class EdgeModule {}

    gateway = await NestFactory.create(EdgeModule, new FastifyAdapter(), { logger: false });
    gateway.useGlobalFilters(new ProblemFilter(createLogger({ service: 'gateway', level: 'silent' })));
    await gateway.init();
    await (gateway.getHttpAdapter().getInstance() as FastifyAdapter['instance']).ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await probe?.close();
  });

  it.each([
    ['a guard returning false', 'denied', 403, 'AUTH_FORBIDDEN'],
    ['a guard throwing UnauthorizedException', 'unauthenticated', 401, 'AUTH_UNAUTHENTICATED'],
  ])('answers %s with the same code at the edge and behind NATS', async (_label, route, status, code) => {
    const edge = await request(gateway.getHttpServer()).get(`/edge/${route}`);
    const behindNats = await request(gateway.getHttpServer()).get(`/service/${route}`);

    for (const res of [edge, behindNats]) {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
    }
  });
});
