import { SpanKind, currentTraceIds, runWithContext, startServerSpan } from '@slotline/observability';
import type { NextFunction, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { GatewayRequest } from '../auth/authenticated-request';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a request id (the client's X-Request-ID if well-formed) and a server span that
 * continues the client's `traceparent` or starts a trace; both are echoed and flow into logs and NATS.
 */
export function requestContextMiddleware(req: GatewayRequest, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-ID', req.requestId);
  void startServerSpan(
    `HTTP ${req.method}`,
    req.headers,
    SpanKind.SERVER,
    (span) => {
      const ids = currentTraceIds();
      if (ids)
        res.setHeader(
          'traceparent',
          `00-${ids.trace_id}-${ids.span_id}-${span.spanContext().traceFlags & 1 ? '01' : '00'}`,
        );
      return new Promise<void>((resolve) => {
        res.once('finish', () => {
          span.setAttribute('http.route', req.route?.path ?? 'unmatched');
          span.setAttribute('http.response.status_code', res.statusCode);
          resolve();
        });
        res.once('close', resolve);
        runWithContext({ request_id: req.requestId }, () => next());
      });
    },
    { 'http.request.method': req.method, 'slotline.request_id': req.requestId },
  );
}
