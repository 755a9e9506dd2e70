import { createLogger } from '@slotline/observability';
import type { FastifyReply } from 'fastify';
import { EventEmitter } from 'node:events';
import { LogCapture } from '../../../../test/support/log-capture';
import { GatewayRequest } from '../auth/authenticated-request';
import { accessLogHook } from './access-log.hook';

function exchange(path: string, status: number) {
  const req = {
    method: 'GET',
    url: `${path}?token=secret`,
    is404: false,
    routeOptions: { url: path.startsWith('/v1/jobs/') ? '/v1/jobs/:id' : path },
    requestId: 'req-1',
    user: { id: 'u-1' },
  } as unknown as GatewayRequest;
  const raw = new EventEmitter();
  const reply = { raw, statusCode: status } as unknown as FastifyReply;
  return { req, reply, raw };
}

describe(accessLogHook.name, () => {
  let logs: LogCapture;
  const run = (sampleRate: number, path: string, status: number, random = 0.5) => {
    const sut = accessLogHook({
      logger: createLogger({ service: 'gateway', level: 'debug', destination: logs }),
      sampleRate,
      random: () => random,
    });
    const { req, reply, raw } = exchange(path, status);
    sut(req, reply, () => undefined);
    raw.emit('finish');
  };

  beforeEach(() => {
    logs = new LogCapture();
  });

  it('writes one line per request with route, status, duration and ids', () => {
    run(1, '/v1/jobs/0190c1d2-0000-7000-8000-00000000000a', 200);

    expect(logs.records()).toEqual([
      expect.objectContaining({
        level: 'info',
        event: 'http_access',
        method: 'GET',
        route: '/v1/jobs/:id',
        path: '/v1/jobs/0190c1d2-0000-7000-8000-00000000000a',
        status: 200,
        duration_ms: expect.any(Number),
        request_id: 'req-1',
        user_id: 'u-1',
      }),
    ]);
  });

  it('samples successful requests but keeps every 4xx and 5xx', () => {
    run(0.25, '/v1/me', 200, 0.5);
    run(0.25, '/v1/me', 200, 0.1);
    run(0, '/v1/me', 404);
    run(0, '/v1/me', 503);

    expect(logs.records().map((r) => r.status)).toEqual([200, 404, 503]);
  });

  it('logs successful probes at debug, failing ones at info', () => {
    run(1, '/health/ready', 200);
    run(1, '/metrics', 200);
    run(1, '/health/ready', 503);

    expect(logs.records().map((r) => r.level)).toEqual(['debug', 'debug', 'info']);
  });
});
