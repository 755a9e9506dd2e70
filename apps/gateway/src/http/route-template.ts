import type { FastifyRequest } from 'fastify';

/**
 * The template of the route that answered (`/v1/bookings/:id`), for logs, metrics and spans; `unmatched`
 * when none did. Wildcard routes (static files, the CORS preflight) are not API routes: as on Express,
 * where those were middleware, they count as unmatched.
 */
export function routeTemplateOf(req: FastifyRequest): string {
  const url = req.is404 ? undefined : req.routeOptions.url;
  return url === undefined || url.includes('*') ? 'unmatched' : url;
}
