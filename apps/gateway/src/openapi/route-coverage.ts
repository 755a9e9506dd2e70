import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import type { RouteTable } from '../http/route-table';
import { isSuccess } from './operation-enricher';

export interface HttpRoute {
  method: string;
  /** In OpenAPI form: `/v1/me/sessions/{id}`. */
  path: string;
}

/**
 * Every route the app serves (Nest's and those added directly to Fastify), as OpenAPI paths; the HEAD
 * that Fastify adds to each GET is left out, as the document describes GET only.
 */
export function listServedRoutes(table: RouteTable): HttpRoute[] {
  const routes = table.list();
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  return routes
    .filter((r) => !(r.method === 'HEAD' && gets.has(r.url)))
    .map((r) => ({ method: r.method.toLowerCase(), path: r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }));
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
