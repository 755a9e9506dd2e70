import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { constants as zlib } from 'node:zlib';

/** compression's own default: a body under 1 kB is sent as it is. */
export const COMPRESSION_THRESHOLD = 1024;

/** Paths whose every answer is sent whole with `res.send` / `res.json`: the API, health and metrics. */
const SENT_WHOLE = /^\/(v1|health|metrics)(\/|$)/;
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

/**
 * `compression` with its threshold, installed on a response only when the response can reach it.
 *
 * compression wraps `write`, `end`, `on` and `writeHead` on every response and decides once the headers
 * go out; a 200-byte JSON answer pays for that and is never compressed. Nest sends every API answer
 * whole through `res.send`, so its size is known before the headers: a body under the threshold is sent
 * exactly as compression would send it (unencoded, with `Vary: Accept-Encoding` when compression's
 * filter accepts its type and `Cache-Control` allows transforms), and a larger one gets compression
 * installed right then. Other paths (the docs, the admin console's files) stream with `sendFile`, so
 * they get compression up front as before. See docs/performance.md, "Gateway adapter, fourth pass".
 */
export function responseCompression() {
  // gzip's fastest level: on a 130 kB availability page it takes about a third of the default level's
  // CPU for a body 4 % larger (5.7 vs 5.5 kB); JSON this repetitive gains little from the slower levels.
  const compress = compression({ threshold: COMPRESSION_THRESHOLD, level: zlib.Z_BEST_SPEED });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!SENT_WHOLE.test(req.path)) {
      compress(req, res, next);
      return;
    }
    const send = res.send;
    res.send = function sendThroughThreshold(this: Response, body?: unknown) {
      res.send = send;
      if (!isSmall(body)) compress(req, res, noop);
      else varyLikeCompression(res);
      return send.call(this, body);
    };
    next();
  };
}

function noop(): void {}

/** Whether `body` is text or bytes under the threshold (objects come back to `send` as JSON text). */
function isSmall(body: unknown): boolean {
  if (typeof body === 'string') return Buffer.byteLength(body) < COMPRESSION_THRESHOLD;
  return Buffer.isBuffer(body) && body.length < COMPRESSION_THRESHOLD;
}

/**
 * Adds `Vary: Accept-Encoding` when compression would have: at the last moment before the headers go
 * out (Express sets the type, and drops it for a 304, inside `send`), where compression decides too.
 */
function varyLikeCompression(res: Response): void {
  const end = res.end;
  res.end = function endWithVary(this: Response, ...args: Parameters<Response['end']>) {
    res.end = end;
    const cacheControl = res.getHeader('Cache-Control');
    if (
      !res.headersSent &&
      compression.filter(res.req, res) &&
      !(cacheControl && NO_TRANSFORM.test(String(cacheControl)))
    )
      res.vary('Accept-Encoding');
    return end.apply(this, args);
  } as Response['end'];
}
