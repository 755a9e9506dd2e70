import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '@slotline/errors';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_CONSOLE_PATH } from '../openapi/documentation-routes';

/**
 * Serves the admin console (ADM-1) as static files with `@fastify/static`: the page itself is public
 * (it holds no data; every call it makes goes through /v1 with the admin's token). Assets carry a
 * content hash in their names, so they are cached for a year; the page is revalidated on every load.
 * This registration also gives every reply `sendFile` (the docs assets use it).
 */
export function serveAdminConsole(app: NestFastifyApplication, dir: string): void {
  const server = app.getHttpAdapter().getInstance();
  const index = path.join(dir, 'index.html');

  void server.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: `${ADMIN_CONSOLE_PATH}/assets/`,
    immutable: true,
    maxAge: 365 * 24 * 3600 * 1000,
    index: false,
    redirect: false,
    // A missing file falls through to the not-found handler (404 NF_ROUTE), as Express's did.
    wildcard: true,
  });
  // The router ignores a trailing slash, so /admin/ is served here too.
  server.get(ADMIN_CONSOLE_PATH, (_req, reply) => {
    if (!existsSync(index)) {
      throw new AppError(
        'NF_ROUTE',
        'The admin console is not built on this server: run `npm run build` first.',
      );
    }
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html', dir, { cacheControl: false });
  });
}
