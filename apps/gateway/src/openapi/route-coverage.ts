import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { isSuccess } from './operation-enricher';

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

export interface HttpRoute {
  method: string;
  /** In OpenAPI form: `/v1/me/sessions/{id}`. */
  path: string;
}

/** Every route Express knows (Nest's and those added directly), as OpenAPI paths. */
export function listExpressRoutes(app: INestApplication): HttpRoute[] {
  const server = app.getHttpAdapter().getInstance() as { router?: { stack: RouteLayer[] } };
  const routes: HttpRoute[] = [];
  for (const layer of server.router?.stack ?? []) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      for (const p of paths)
        routes.push({ method: method.toLowerCase(), path: p.replace(/:([A-Za-z0-9_]+)/g, '{$1}') });
    }
  }
  return routes;
}

/**
 * The routes the document does not cover: no operation, or no 2xx answer with a schema (a 204 counts
 * when declared). An empty list is what the OpenAPI test demands.
 */
export function findUndocumentedRoutes(document: OpenAPIObject, routes: HttpRoute[]): string[] {
  const problems: string[] = [];
  for (const { method, path } of routes) {
    const op = (
      document.paths[path] as Record<string, { responses?: Record<string, ResponseObject> }> | undefined
    )?.[method];
    const where = `${method.toUpperCase()} ${path}`;
    if (!op) {
      problems.push(`${where}: not in the document`);
      continue;
    }
    const documented = Object.entries(op.responses ?? {}).some(
      ([status, r]) =>
        isSuccess(status) && (status === '204' || Object.values(r.content ?? {}).some((m) => m.schema)),
    );
    if (!documented) problems.push(`${where}: no 2xx response schema (add @ApiResult(...) to the handler)`);
  }
  return problems;
}
