import { NestExpressApplication } from '@nestjs/platform-express';
import { AppError } from '@slotline/errors';
import express, { Express, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_CONSOLE_PATH } from '../openapi/documentation-routes';

/**
 * Serves the admin console (ADM-1) as static files: the page itself is public (it holds no data;
 * every call it makes goes through /v1 with the admin's token). Assets carry a content hash in their
 * names, so they are cached for a year; the page is revalidated on every load.
 */
export function serveAdminConsole(app: NestExpressApplication, dir: string): void {
  const server = app.getHttpAdapter().getInstance() as Express;
  const index = path.join(dir, 'index.html');

  // Express's non-strict routing answers /admin/ here too.
  server.get(ADMIN_CONSOLE_PATH, (_req: Request, res: Response, next: NextFunction) => {
    if (!existsSync(index)) {
      return next(
        new AppError('NF_ROUTE', 'The admin console is not built on this server: run `npm run build` first.'),
      );
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (err) => err && next(err));
  });
  server.use(
    `${ADMIN_CONSOLE_PATH}/assets`,
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      redirect: false,
      fallthrough: true,
    }),
  );
}
