import { currentTraceIds } from '@slotline/observability';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Logger } from 'pino';
import { GatewayRequest, pathOf } from '../auth/authenticated-request';
import { routeTemplateOf } from './route-template';

const PROBES = /^\/(health\/|metrics$)/;

export interface AccessLogOptions {
  logger: Logger;
  /** Share of requests answered below 400 that are logged (0–1); 4xx and 5xx always are. */
  sampleRate: number;
  random?: () => number;
}

/**
 * One JSON line per request once the response is sent (`event: http_access`): method, route pattern,
 * status, duration and the ids to find the request elsewhere. Never the query string, headers or
 * bodies (they may carry tokens or personal data). An `onRequest` hook, after the request context.
 */
export function accessLogHook(opts: AccessLogOptions) {
  const random = opts.random ?? Math.random;
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const req = request as GatewayRequest;
    const started = process.hrtime.bigint();
    const trace = currentTraceIds();
    reply.raw.once('finish', () => {
      const status = reply.statusCode;
      if (status < 400 && random() >= opts.sampleRate) return;
      const path = pathOf(req);
      const fields = {
        event: 'http_access',
        method: req.method,
        route: routeTemplateOf(req),
        path,
        status,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        request_id: req.requestId,
        trace_id: trace?.trace_id,
        user_id: req.user?.id,
      };
      const level = PROBES.test(path) && status < 400 ? 'debug' : 'info';
      opts.logger[level](fields, `${req.method} ${fields.route} ${status}`);
    });
    done();
  };
}
