import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Payload } from '@nestjs/microservices';
import { defineRpc } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcHandler } from '@slotline/messaging';
import { createLogger } from '@slotline/observability';
import request from 'supertest';
import { ProbeService, startProbeService } from '../testing/probe-service';
import { ProblemFilter } from './problem.filter';
import { configureResponses } from './configure-http';
import { serializeReply } from './serialized-json-response';

/** Text that JSON writes with escapes or as multi-byte UTF-8, numbers in every notation, integer-like keys. */
const PAGE = {
  time_zone: 'Asia/Kolkata',
  items: Array.from({ length: 400 }, (_, i) => ({
    practitioner_id: `p-${i}`,
    start: `2024-03-04T09:${String(i % 60).padStart(2, '0')}:00+05:30`,
    note: i % 3 ? 'Zoë “quoted” \\ back\tslash\n' : 'emoji 🩺, lone \ud800 surrogate, </script>',
  })),
  numbers: [0, -0, 1e21, 1.5e-7, 123456789012345680000, -3.25],
  keyed: { b: 1, 10: 'ten', 2: 'two', a: null },
  next_cursor: null,
  has_more: false,
};

const PROBE_RPC = {
  page: defineRpc<Record<string, never>, typeof PAGE>('probe.serialized.page'),
  missing: defineRpc<Record<string, never>, typeof PAGE>('probe.serialized.missing'),
};

@Controller()
class ServiceController {
  @RpcHandler(PROBE_RPC.page)
  page(@Payload() _body: Record<string, never>) {
    return PAGE;
  }

  @RpcHandler(PROBE_RPC.missing)
  async missing(@Payload() _body: Record<string, never>): Promise<never> {
    await Promise.resolve();
    throw new AppError('NF_RESOURCE', 'No active practitioner with id p-9.');
  }
}

@Module({ controllers: [ServiceController] })
class ServiceModule {}

describe(serializeReply.name, () => {
  let probe: ProbeService;
  let gateway: INestApplication;

  beforeAll(async () => {
    probe = await startProbeService(ServiceModule);
    const rpc = probe.rpc;

    @Controller()
    class EdgeController {
      @Get('parsed/:what')
      parsed(@Param('what') what: 'page' | 'missing') {
        return rpc.request(PROBE_RPC[what], {});
      }

      @Get('passed/:what')
      passed(@Param('what') what: 'page' | 'missing') {
        return rpc.requestSerialized(PROBE_RPC[what], {});
      }
    }

    @Module({ controllers: [EdgeController] })
    class EdgeModule {}

    const app = await NestFactory.create<NestFastifyApplication>(EdgeModule, new FastifyAdapter(), {
      logger: false,
    });
    await configureResponses(app.getHttpAdapter().getInstance());
    app.useGlobalFilters(new ProblemFilter(createLogger({ service: 'gateway', level: 'silent' })));
    gateway = await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await probe?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    request(gateway.getHttpServer())
      .get(path)
      .set(headers)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const sameHeaders = ['content-type', 'content-length', 'etag', 'content-encoding', 'vary'];

  it.each([
    ['identity', {}],
    ['gzip', { 'accept-encoding': 'gzip' }],
  ])('sends the service’s JSON (%s) exactly as the parsed value would be sent', async (_label, headers) => {
    const parsed = await get('/parsed/page', headers);
    const passed = await get('/passed/page', headers);

    expect(passed.status).toBe(200);
    expect(Buffer.compare(passed.body as Buffer, parsed.body as Buffer)).toBe(0);
    for (const name of sameHeaders)
      expect([name, passed.headers[name]]).toEqual([name, parsed.headers[name]]);
    expect(passed.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('decodes to the value the service returned', async () => {
    const passed = await request(gateway.getHttpServer()).get('/passed/page');

    expect(passed.body).toEqual(JSON.parse(JSON.stringify(PAGE)));
  });

  it('answers 304 to a matching If-None-Match, as for any JSON body', async () => {
    const first = await get('/passed/page');
    const again = await get('/passed/page', { 'if-none-match': first.headers.etag });

    expect(again.status).toBe(304);
    expect((again.body as Buffer).length).toBe(0);
  });

  it('turns a service’s error into the same problem+json', async () => {
    const parsed = await request(gateway.getHttpServer()).get('/parsed/missing');
    const passed = await request(gateway.getHttpServer()).get('/passed/missing');

    expect(passed.status).toBe(404);
    expect(passed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect({ ...passed.body, instance: undefined, request_id: undefined, trace_id: undefined }).toEqual({
      ...parsed.body,
      instance: undefined,
      request_id: undefined,
      trace_id: undefined,
    });
  });
});
