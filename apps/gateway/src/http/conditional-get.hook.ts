import etag from 'etag';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagListMatches } from './if-match.interceptor';

/** What a 304 decision reads: the request's method and validators, the reply's status and its own. */
export interface Exchange {
  method: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
  etag?: string;
  lastModified?: string;
}

/**
 * Whether a GET or HEAD may be answered 304 (RFC 9110 §13.2.2): If-None-Match when present, else
 * If-Modified-Since. Unlike the `fresh` package (Express's check), a request's `Cache-Control: no-cache`
 * does not make it stale: that directive tells caches to revalidate (RFC 9111 §5.2.1.4), and revalidating
 * is exactly what a conditional request to the origin is. fetch adds it to every request that carries
 * If-None-Match, so the generated client could never get a 304.
 */
export function isFreshRequest(x: Exchange): boolean {
  if (x.method !== 'GET' && x.method !== 'HEAD') return false;
  if (!((x.status >= 200 && x.status < 300) || x.status === 304)) return false;
  if (x.ifNoneMatch) {
    return x.ifNoneMatch.trim() === '*' || (x.etag !== undefined && etagListMatches(x.ifNoneMatch, x.etag));
  }
  const modifiedSince = Date.parse(x.ifModifiedSince ?? '');
  const lastModified = Date.parse(x.lastModified ?? '');
  return !Number.isNaN(modifiedSince) && !Number.isNaN(lastModified) && lastModified <= modifiedSince;
}

function headerText(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

/**
 * An `onSend` hook giving every answer sent whole a weak ETag over its bytes (what Express's `res.send`
 * did, and what `etagOf` and If-Match compare against), then answering 304 without a body when the
 * request's validators match. Registered before compression, so the tag is over the uncompressed body.
 */
export function conditionalGetHook(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: Error | null, payload?: unknown) => void,
): void {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
  if (!reply.hasHeader('ETag')) reply.header('ETag', etag(payload, { weak: true }));
  const fresh = isFreshRequest({
    method: req.method,
    ifNoneMatch: req.headers['if-none-match'],
    ifModifiedSince: req.headers['if-modified-since'],
    status: reply.statusCode,
    etag: headerText(reply.getHeader('ETag')),
    lastModified: headerText(reply.getHeader('Last-Modified')),
  });
  if (!fresh) return done(null, payload);
  reply.code(304);
  for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding']) reply.removeHeader(name);
  // No payload at all: Fastify then writes no Content-Length (an empty string would get `0`, which a
  // 304 must not claim, RFC 9110 §8.6).
  done(null, null);
}
