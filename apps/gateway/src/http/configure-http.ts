import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import { BadRequestException } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpEdge, HttpEdgeContext, httpEdge } from '@slotline/bootstrap';
import { Metrics, observeHttpRequest } from '@slotline/observability';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import type { HelmetOptions } from 'helmet';
import querystring from 'node:querystring';
import { serveAdminConsole } from '../admin-console/serve-admin-console';
import { GatewayConfig } from '../config/gateway.config';
import { serveOpenApi } from '../openapi/openapi-http';
import { accessLogHook } from './access-log.hook';
import { conditionalGetHook } from './conditional-get.hook';
import { SCHEDULE_BATCH_BODY_LIMIT_BYTES, parseJsonBody, refuseHostileJson, requireJson } from './json-body';
import { ProblemFilter } from './problem.filter';
import { GatewayRequest } from '../auth/authenticated-request';
import { requestContextHook } from './request-context.hook';
import { COMPRESSION_OPTIONS, varyOnAcceptEncoding } from './response-compression';
import { ROUTER_MATCHING } from './route-table';
import { routeTemplateOf } from './route-template';
import { securityHeaders } from './security-headers';
import { serializeReply } from './serialized-json-response';

/** Security headers (GW-6): a strict CSP for the docs and admin pages, no framing, HSTS, no referrer. */
export const GATEWAY_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  hsts: { maxAge: 31536000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
};

const EDGE_HEADERS = securityHeaders(GATEWAY_HELMET_OPTIONS);

/**
 * A target the router cannot even look up (a path with a broken percent-encoding) is refused before
 * any hook runs; it gets the edge's request id, trace and security headers here, and the same 400 as
 * every other malformed request, as problem+json.
 */
function refuseUnroutable(problems: () => ProblemFilter | undefined) {
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    EDGE_HEADERS(req, reply, () =>
      requestContextHook(req, reply, () =>
        problems()?.handle(new BadRequestException(error.message), req as GatewayRequest, reply),
      ),
    );
  };
}

/** Fastify for the gateway, matching what Express did for the same requests (docs/adr/0011). */
export function gatewayFastifyAdapter(
  trustProxyHops: number,
  problems: () => ProblemFilter | undefined = () => undefined,
): FastifyAdapter {
  return new FastifyAdapter({
    frameworkErrors: refuseUnroutable(problems),
    trustProxy: trustProxyHops,
    // The largest route limit; each route's own (100 KB, 256 KB for schedule batches) is the parser's.
    bodyLimit: SCHEDULE_BATCH_BODY_LIMIT_BYTES,
    // Node's own defaults, which the Express gateway had (Fastify's are 72 s and none).
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    routerOptions: {
      ...ROUTER_MATCHING,
      // Express 5's "simple" parser: repeated keys become arrays, `a,b` stays one string for the DTOs.
      querystringParser: (text: string) => querystring.parse(text),
    },
  });
}

/**
 * How every answer is written, for the gateway and the specs that stand in for it: services' JSON text
 * sent as is, a weak ETag and 304, the Vary of compression, then compression. Call it before any route
 * is added: `@fastify/compress` equips each route as it is added (its `onSend` is the route's own, so it
 * runs after these instance-wide hooks, on the plain bytes' ETag and 304 decision).
 */
export async function configureResponses(server: FastifyInstance): Promise<void> {
  await server.register(fastifyCompress, COMPRESSION_OPTIONS);
  server.setReplySerializer(serializeReply);
  server.addHook('onSend', conditionalGetHook);
  server.addHook('onSend', varyOnAcceptEncoding);
}

/** `http_server_request_duration_seconds` for every request, guard rejections and 404s included. */
function metricsHook(metrics: Metrics) {
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    observeHttpRequest(
      metrics,
      {
        method: req.method,
        get route() {
          const template = routeTemplateOf(req);
          return template === 'unmatched' ? undefined : { path: template };
        },
      },
      reply.raw,
    );
    done();
  };
}

/**
 * The gateway's edge, as Fastify hooks in the order Express ran its middleware: metrics, request id and
 * trace, access log, security headers, CORS, JSON only (415), the body parser (413, 400), the hostile
 * JSON check; then the docs and the admin console; every error as problem+json through the filter.
 */
export async function configureGatewayHttp(
  app: NestFastifyApplication,
  { config, logger, metrics }: HttpEdgeContext<GatewayConfig>,
): Promise<void> {
  const server = app.getHttpAdapter().getInstance();
  // First, and awaited: compression must see every route added after it (see configureResponses). Any
  // other registration stays queued until listen, after Nest has installed its error handler, so the
  // routes below answer their errors through it (problem+json) too.
  await configureResponses(server);
  app.get(ProblemFilter).routes.watch(server);
  server.addHook('onRequest', metricsHook(metrics));
  server.addHook('onRequest', requestContextHook);
  server.addHook('onRequest', accessLogHook({ logger, sampleRate: config.ACCESS_LOG_SAMPLE_RATE }));
  server.addHook('onRequest', EDGE_HEADERS);
  void server.register(fastifyCors, {
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    credentials: false,
    // The `cors` package's defaults, which Express's gateway sent: these methods, and a preflight
    // answered 204 even without Origin. Lists as one string, written as `cors` wrote them.
    methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
    strictPreflight: false,
    exposedHeaders: [
      'X-Request-ID',
      'traceparent',
      'ETag',
      'Retry-After',
      'RateLimit',
      'RateLimit-Policy',
      'Idempotency-Replayed',
    ].join(','),
  });
  server.addHook('onRequest', requireJson);
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, parseJsonBody);
  server.addHook('preValidation', refuseHostileJson);
  serveAdminConsole(app, config.ADMIN_CONSOLE_DIR); // GET /admin, public page; its data needs admin tokens (ADM-1)
  serveOpenApi(app); // GET /openapi.json and /docs, public (GW-7)
}

/** The gateway listens with Fastify; its edge brings its own body parser. */
export function gatewayHttpEdge(): HttpEdge<GatewayConfig> {
  let problems: ProblemFilter | undefined;
  return httpEdge<GatewayConfig, NestFastifyApplication>({
    adapter: (config) => gatewayFastifyAdapter(config.TRUST_PROXY_HOPS, () => problems),
    bodyParser: false,
    configure: (app, context) => {
      problems = app.get(ProblemFilter);
      return configureGatewayHttp(app, context);
    },
  });
}
