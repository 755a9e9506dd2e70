import { NestExpressApplication } from '@nestjs/platform-express';
import { AppError } from '@slotline/errors';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import path from 'node:path';
import { RateLimiterService, rateLimitKeyOf, retryAfterSeconds, setRateLimitHeaders } from '../rate-limit';
import { DOCS_ASSETS_PATH, DOCS_CSS, DOCS_HTML, DOCS_INIT_JS, SWAGGER_UI_FILES } from './docs-page';
import { DOCS_PATH, OPENAPI_JSON_PATH } from './documentation-routes';
import { buildOpenApiDocument } from './openapi-document';

function swaggerUiDist(): string {
  // swagger-ui-dist comes with @nestjs/swagger; resolve it from there rather than assume it is hoisted.
  const swagger = require.resolve('@nestjs/swagger');
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}

/** The `read` tier applies here as on every other GET (these run outside Nest's guards). */
function readTierLimit(limiter: RateLimiterService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    limiter.consume('read', rateLimitKeyOf(req)).then((decision) => {
      setRateLimitHeaders(res, decision);
      if (decision.allowed) return next();
      const retryAfter = retryAfterSeconds(decision);
      res.setHeader('Retry-After', String(retryAfter));
      next(
        new AppError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`, undefined, {
          tier: 'read',
          retry_after_seconds: retryAfter,
        }),
      );
    }, next);
  };
}

/**
 * Serves GET /openapi.json (built once, on first request, from the running app) and the Swagger UI
 * page at GET /docs with its assets. Both are public. Call it before the error middleware, so its
 * errors are answered as problem+json.
 */
export function serveOpenApi(app: NestExpressApplication): void {
  const server = app.getHttpAdapter().getInstance() as Express;
  const limit = readTierLimit(app.get(RateLimiterService));
  let json: string | undefined;

  server.get(OPENAPI_JSON_PATH, limit, (_req: Request, res: Response) => {
    json ??= JSON.stringify(buildOpenApiDocument(app).document);
    res.type('application/json').send(json);
  });
  server.get(DOCS_PATH, limit, (_req: Request, res: Response) => {
    res.type('text/html').send(DOCS_HTML);
  });

  const dist = swaggerUiDist();
  const files = new Map<string, string>(SWAGGER_UI_FILES.map((name) => [`/${name}`, path.join(dist, name)]));
  const generated = new Map<string, [type: string, body: string]>([
    ['/docs-init.js', ['application/javascript', DOCS_INIT_JS]],
    ['/docs.css', ['text/css', DOCS_CSS]],
  ]);
  // A middleware, not routes: static files are not API operations.
  server.use(DOCS_ASSETS_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = files.get(req.path);
    const own = generated.get(req.path);
    if (!file && !own) return next();
    limit(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (own) return void res.type(own[0]).setHeader('Cache-Control', 'public, max-age=3600').send(own[1]);
      res.sendFile(file!, { maxAge: '1h' }, (sendErr) => sendErr && next(sendErr));
    });
  });
}
