import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { pathOf } from '../auth/authenticated-request';
import { enforceRateLimit, RateLimiterService } from '../rate-limit';
import { DOCS_ASSETS_PATH, DOCS_CSS, DOCS_HTML, DOCS_INIT_JS, SWAGGER_UI_FILES } from './docs-page';
import { DOCS_PATH, OPENAPI_JSON_PATH } from './documentation-routes';
import { buildOpenApiDocument } from './openapi-document';

function swaggerUiDist(): string {
  // swagger-ui-dist comes with @nestjs/swagger; resolve it from there rather than assume it is hoisted.
  const swagger = require.resolve('@nestjs/swagger');
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}

/** The `read` tier applies here as on every other GET (these run outside Nest's guards). */
function readTierLimit(limiter: RateLimiterService) {
  return (req: FastifyRequest, reply: FastifyReply): Promise<void> =>
    enforceRateLimit(limiter, 'read', req, reply);
}

/**
 * Serves GET /openapi.json (built once, on first request, from the running app) and the Swagger UI
 * page at GET /docs with its assets. Both are public. Fastify routes outside Nest's router; their errors
 * reach the problem filter through Nest's Fastify error handler. `reply.sendFile` comes from the
 * `@fastify/static` registration of the admin console.
 */
export function serveOpenApi(app: NestFastifyApplication): void {
  const server = app.getHttpAdapter().getInstance();
  const limit = readTierLimit(app.get(RateLimiterService));
  let json: string | undefined;

  server.get(OPENAPI_JSON_PATH, { onRequest: limit }, (_req, reply) => {
    json ??= JSON.stringify(buildOpenApiDocument(app).document);
    return reply.type('application/json; charset=utf-8').send(json);
  });
  server.get(DOCS_PATH, { onRequest: limit }, (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(DOCS_HTML),
  );

  const dist = swaggerUiDist();
  const files = new Set<string>(SWAGGER_UI_FILES);
  const generated = new Map<string, [type: string, body: string]>([
    ['docs-init.js', ['application/javascript; charset=utf-8', DOCS_INIT_JS]],
    ['docs.css', ['text/css; charset=utf-8', DOCS_CSS]],
  ]);
  const assetOf = (req: FastifyRequest) => pathOf(req).slice(DOCS_ASSETS_PATH.length + 1);
  // One wildcard route, not a route per file: static files are not API operations (no 405, `unmatched`).
  server.route({
    method: ['GET', 'HEAD'],
    url: `${DOCS_ASSETS_PATH}/*`,
    onRequest: (req, reply) => {
      const name = assetOf(req);
      return files.has(name) || generated.has(name) ? limit(req, reply) : Promise.resolve();
    },
    handler: (req, reply) => {
      const name = assetOf(req);
      const own = generated.get(name);
      if (own) return reply.type(own[0]).header('Cache-Control', 'public, max-age=3600').send(own[1]);
      if (files.has(name)) return reply.sendFile(name, dist, { maxAge: 3600 * 1000, immutable: false });
      return reply.callNotFound();
    },
  });
}
