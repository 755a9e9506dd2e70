import type { FastifyInstance, RouteOptions } from 'fastify';
import FindMyWay, { HTTPMethod } from 'find-my-way';

/** Options shared by the gateway's router and this table, so both match a path the same way. */
export const ROUTER_MATCHING = {
  // As Express matched: `/v1/me/` and `/V1/ME` are `/v1/me`.
  ignoreTrailingSlash: true,
  caseSensitive: false,
  // find-my-way's default (100) answers 414 to a longer path parameter; Express had no limit (Node's
  // 16 KB header limit, the request line included, bounds it).
  maxParamLength: 16 * 1024,
} as const;

/**
 * The routes the gateway serves, by method, in a find-my-way router of their own: Fastify answers an
 * unknown method on a known path with 404, and the methods the path does allow let the error filter
 * answer 405 with an Allow header instead. Wildcard routes (static files, the CORS preflight) are left
 * out, as Express's middleware were.
 */
export class RouteTable {
  private readonly router = FindMyWay(ROUTER_MATCHING);
  private readonly methods = new Set<HTTPMethod>();
  private readonly routes: { method: HTTPMethod; url: string }[] = [];

  /** Records every route the app adds from now on (call before any route is registered). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) this.add(method.toUpperCase() as HTTPMethod, route.url);
    });
  }

  add(method: HTTPMethod, url: string): void {
    if (url.includes('*') || this.router.hasRoute(method, url)) return;
    this.router.on(method, url, () => undefined);
    this.methods.add(method);
    this.routes.push({ method, url });
  }

  /** The routes recorded, in the order they were added. */
  list(): ReadonlyArray<{ method: HTTPMethod; url: string }> {
    return this.routes;
  }

  /** The methods `path` allows when `method` is not one of them; empty when it is, or none match. */
  allowedMethods(method: string, path: string): string[] {
    const allowed = new Set<string>();
    for (const m of this.methods) if (this.router.find(m, path)) allowed.add(m);
    if (allowed.has('GET')) allowed.add('HEAD');
    return allowed.has(method) ? [] : [...allowed].sort();
  }
}
