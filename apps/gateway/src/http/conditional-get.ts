import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { etagListMatches } from './if-match.interceptor';

/**
 * Whether a GET or HEAD may be answered 304 (RFC 9110 §13.2.2): If-None-Match when present, else
 * If-Modified-Since. Unlike Express's own check (the `fresh` package), a request's
 * `Cache-Control: no-cache` does not make it stale: that directive tells caches to revalidate
 * (RFC 9111 §5.2.1.4), and revalidating is exactly what a conditional request to the origin is. fetch
 * adds it to every request that carries If-None-Match, so the generated client could never get a 304.
 */
export function isFreshRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const status = req.res?.statusCode ?? 200;
  if (!((status >= 200 && status < 300) || status === 304)) return false;
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch) {
    const etag = req.res?.get('ETag');
    return noneMatch.trim() === '*' || (etag !== undefined && etagListMatches(noneMatch, etag));
  }
  const modifiedSince = Date.parse(req.headers['if-modified-since'] ?? '');
  const lastModified = Date.parse(req.res?.get('Last-Modified') ?? '');
  return !Number.isNaN(modifiedSince) && !Number.isNaN(lastModified) && lastModified <= modifiedSince;
}

/** Makes `req.fresh`, which `res.send` consults before it sends a body, use `isFreshRequest`. */
export function evaluatePreconditionsAtOrigin(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance() as { request: object };
  Object.defineProperty(express.request, 'fresh', {
    configurable: true,
    enumerable: true,
    get(this: Request) {
      return isFreshRequest(this);
    },
  });
}
