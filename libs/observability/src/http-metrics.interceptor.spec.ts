import { Controller, Get, NotFoundException, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { httpMetricsMiddleware, HttpMetricsInterceptor } from './http-metrics.interceptor';
import { Metrics } from './metrics';

@Controller('items')
class ItemsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Get(':id/missing')
  missing(): never {
    throw new NotFoundException();
  }
}

async function startApp(metrics: Metrics, mode: 'interceptor' | 'middleware'): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers: [ItemsController] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('v1');
  if (mode === 'interceptor') app.useGlobalInterceptors(new HttpMetricsInterceptor(metrics));
  else app.use(httpMetricsMiddleware(metrics));
  await app.init();
  return app;
}

/** Count of `http_server_request_duration_seconds` for a route and status, once the response has finished. */
async function countOf(metrics: Metrics, route: string, status: string): Promise<number> {
  const wanted = ['method="GET"', `route="${route}"`, `status_code="${status}"`];
  const matches = (line: string) =>
    line.startsWith('http_server_request_duration_seconds_count{') &&
    wanted.every((label) => line.includes(label));
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const line = (await metrics.render()).body.split('\n').find(matches);
    if (line) return Number(line.split(' ').pop());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return 0;
}

describe(HttpMetricsInterceptor.name, () => {
  let app: INestApplication;
  let metrics: Metrics;

  beforeAll(async () => {
    metrics = new Metrics({ service: 'gateway', collectDefault: false });
    app = await startApp(metrics, 'interceptor');
  });

  afterAll(async () => {
    await app.close();
  });

  it('records the route template, never the raw URL, with the status sent', async () => {
    await request(app.getHttpServer()).get('/v1/items/42').expect(200);
    await request(app.getHttpServer()).get('/v1/items/43').expect(200);

    expect(await countOf(metrics, '/v1/items/:id', '200')).toBe(2);
    expect((await metrics.render()).body).not.toContain('/v1/items/42');
  });

  it('records failed requests with the status the exception filter chose', async () => {
    await request(app.getHttpServer()).get('/v1/items/7/missing').expect(404);

    expect(await countOf(metrics, '/v1/items/:id/missing', '404')).toBe(1);
  });
});

describe(httpMetricsMiddleware.name, () => {
  it('also records requests that matched no route, as `unmatched`', async () => {
    const metrics = new Metrics({ service: 'gateway', collectDefault: false });
    const app = await startApp(metrics, 'middleware');
    try {
      await request(app.getHttpServer()).get('/v1/items/1').expect(200);
      await request(app.getHttpServer()).get('/v1/nothing/here').expect(404);

      expect(await countOf(metrics, '/v1/items/:id', '200')).toBe(1);
      expect(await countOf(metrics, 'unmatched', '404')).toBe(1);
    } finally {
      await app.close();
    }
  });
});
