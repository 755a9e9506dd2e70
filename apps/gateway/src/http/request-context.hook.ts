import { SpanKind, currentTraceIds, runWithContext, startServerSpan } from '@slotline/observability';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { randomUUID } from 'node:crypto';
import { GatewayRequest } from '../auth/authenticated-request';
import { routeTemplateOf } from './route-template';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a request id (the client's X-Request-ID if well-formed) and a server span that
 * continues the client's `traceparent` or starts a trace; both are echoed and flow into logs and NATS.
 * An `onRequest` hook: the rest of the request runs from `done`, inside the span's context.
 */
export function requestContextHook(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const req = request as GatewayRequest;
  const incoming = req.headers['x-request-id'];
  req.requestId = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  reply.header('X-Request-ID', req.requestId);
  void startServerSpan(
    `HTTP ${req.method}`,
    req.headers,
    SpanKind.SERVER,
    (span) => {
      const ids = currentTraceIds();
      if (ids)
        reply.header(
          'traceparent',
          `00-${ids.trace_id}-${ids.span_id}-${span.spanContext().traceFlags & 1 ? '01' : '00'}`,
        );
      return new Promise<void>((resolve) => {
        reply.raw.once('finish', () => {
          span.setAttribute('http.route', routeTemplateOf(req));
          span.setAttribute('http.response.status_code', reply.statusCode);
          resolve();
        });
        reply.raw.once('close', resolve);
        runWithContext({ request_id: req.requestId }, () => done());
      });
    },
    { 'http.request.method': req.method, 'slotline.request_id': req.requestId },
  );
}
