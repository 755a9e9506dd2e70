import { NestExpressApplication } from '@nestjs/platform-express';
import { AppError, findUntrustedJsonFault, validationError } from '@slotline/errors';
import express, { NextFunction, Request, Response } from 'express';
import type { HelmetOptions } from 'helmet';
import { serveAdminConsole } from '../admin-console/serve-admin-console';
import { GatewayRequest } from '../auth/authenticated-request';
import { GatewayConfig } from '../config/gateway.config';
import { serveOpenApi } from '../openapi/openapi-http';
import type { Logger } from 'pino';
import { accessLogMiddleware } from './access-log.middleware';
import { evaluatePreconditionsAtOrigin } from './conditional-get';
import { ProblemFilter } from './problem.filter';
import { requestContextMiddleware } from './request-context.middleware';
import { responseCompression } from './response-compression';
import { securityHeaders } from './security-headers';
import { sendSerializedJsonAsIs } from './serialized-json-response';

export const BODY_LIMIT = '100kb';
/** SCH-8: 1,000 schedule requests of about 150 bytes each. */
export const SCHEDULE_BATCH_BODY_LIMIT = '256kb';
export const SCHEDULE_BATCH_PATH = '/v1/admin/schedule-batches';

function isJson(req: Request): boolean {
  return (
    req.is(['application/json', 'application/*+json']) !== false &&
    req.is(['application/json', 'application/*+json']) !== null
  );
}

/** JSON only: a body of any other type is refused with 415 before it is parsed (GW-6). */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !isJson(req))
    return next(new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
  next();
}

/**
 * What the JSON parser accepts but nothing after it should see (GW-6): nesting that would overflow the
 * recursive validators, text that is not Unicode, prototype keys. Refused as 400 VAL_FAILED naming the field.
 */
function refuseHostileJson(req: Request, _res: Response, next: NextFunction): void {
  const fault = findUntrustedJsonFault(req.body) ?? findUntrustedJsonFault(req.query, 'query');
  next(fault ? validationError([fault]) : undefined);
}

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

/** The gateway's edge: request ids and traces, security headers, CORS, JSON-only bodies, problem+json. */
export function configureGatewayHttp(
  app: NestExpressApplication,
  config: GatewayConfig,
  logger: Logger,
): void {
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  evaluatePreconditionsAtOrigin(app); // 304 for fetch's If-None-Match despite its no-cache (GW-6)
  sendSerializedJsonAsIs(app); // a service's JSON text passed through unparsed (large availability pages)
  app.use(requestContextMiddleware);
  app.use(accessLogMiddleware({ logger, sampleRate: config.ACCESS_LOG_SAMPLE_RATE }));
  app.use(securityHeaders(GATEWAY_HELMET_OPTIONS));
  app.enableCors({
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    credentials: false,
    exposedHeaders: [
      'X-Request-ID',
      'traceparent',
      'ETag',
      'Retry-After',
      'RateLimit',
      'RateLimit-Policy',
      'Idempotency-Replayed',
    ],
  });
  app.use(responseCompression());
  app.use(requireJson);
  // Parsed first with its own limit; the general parser below skips a body already parsed.
  app.use(
    SCHEDULE_BATCH_PATH,
    express.json({
      limit: SCHEDULE_BATCH_BODY_LIMIT,
      type: ['application/json', 'application/*+json'],
      strict: true,
    }),
  );
  app.use(
    express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'], strict: true }),
  );
  app.use(refuseHostileJson);
  serveOpenApi(app); // GET /openapi.json and /docs, public (GW-7)
  serveAdminConsole(app, config.ADMIN_CONSOLE_DIR); // GET /admin, public page; its data needs admin tokens (ADM-1)
  const problems = app.get(ProblemFilter);
  // Errors raised by the middleware above (bad JSON, too large, 415) never reach Nest's filters.
  app.use((err: unknown, req: GatewayRequest, res: Response, _next: NextFunction) =>
    problems.handle(err, req, res),
  );
}
