import { currentTraceIds } from '@slotline/observability';
import type { NextFunction, Response } from 'express';
import type { Logger } from 'pino';
import { GatewayRequest } from '../auth/authenticated-request';

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
 * bodies (they may carry tokens or personal data).
 */
export function accessLogMiddleware(opts: AccessLogOptions) {
  const random = opts.random ?? Math.random;
  return (req: GatewayRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const trace = currentTraceIds();
    res.once('finish', () => {
      const status = res.statusCode;
      if (status < 400 && random() >= opts.sampleRate) return;
      const fields = {
        event: 'http_access',
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        path: req.path,
        status,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        request_id: req.requestId,
        trace_id: trace?.trace_id,
        user_id: req.user?.id,
      };
      const level = PROBES.test(req.path) && status < 400 ? 'debug' : 'info';
      opts.logger[level](fields, `${req.method} ${fields.route} ${status}`);
    });
    next();
  };
}
