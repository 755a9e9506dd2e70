import type { FastifyCompressOptions } from '@fastify/compress';
import compressible from 'compressible';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constants as zlib } from 'node:zlib';
import vary from 'vary';

/** A body under 1 kB is sent as it is (the threshold Express's `compression` had by default). */
export const COMPRESSION_THRESHOLD = 1024;

/** The largest body compressed in one call: the largest answer the API sends (an availability page is ~130 kB). */
export const SYNC_COMPRESSION_LIMIT = 256 * 1024;

/** The types compressed: mime-db's `compressible` flag, the list Express's `compression` used. */
export function isCompressible(contentType: string): boolean {
  return compressible(contentType) === true;
}

/**
 * `@fastify/compress` as the gateway had `compression`: brotli, gzip or deflate by the client's
 * Accept-Encoding, bodies from 1 kB, the same compressible types. gzip's fastest level: on a 130 kB
 * availability page it takes about a third of the default level's CPU for a body 4 % larger (5.7 vs
 * 5.5 kB); brotli at quality 4 as `compression` set it (its default, 11, is far slower). Bodies up to
 * `SYNC_COMPRESSION_LIMIT` are compressed in one call (at gzip's fastest level, about 0.15 ms for an
 * availability page); larger ones and streams (the docs, the console's files) through zlib streams.
 */
export const COMPRESSION_OPTIONS: FastifyCompressOptions = {
  global: true,
  threshold: COMPRESSION_THRESHOLD,
  encodings: ['br', 'gzip', 'deflate', 'identity'],
  customTypes: isCompressible,
  zlibOptions: { level: zlib.Z_BEST_SPEED },
  // Every API answer is a buffer sent whole; up to this size it is compressed in one call rather than
  // through the plugin's stream pipeline, whose stream and copies cost more gateway CPU than the gzip
  // itself on a 130 kB availability page (see docs/performance-history.md, "Gateway on Fastify, seventh pass").
  syncThreshold: SYNC_COMPRESSION_LIMIT,
  brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
};

const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

/**
 * An `onSend` hook: `Vary: accept-encoding` on every answer whose type could be compressed, small or
 * not, whatever the client accepts (caches must not hand a gzipped body to a client that cannot read
 * it), as `compression` did. `@fastify/compress` adds it only when it compresses, and only if no entry
 * names it yet in lower case: this spells it the same way (field names are case-insensitive), so an
 * answer that is compressed after this hook carries one entry, not two.
 */
export function varyOnAcceptEncoding(
  _req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: Error | null, payload?: unknown) => void,
): void {
  const type = reply.getHeader('Content-Type');
  const cacheControl = reply.getHeader('Cache-Control');
  if (
    typeof type === 'string' &&
    isCompressible(type) &&
    !(cacheControl !== undefined && NO_TRANSFORM.test(String(cacheControl)))
  )
    reply.header('Vary', vary.append(String(reply.getHeader('Vary') ?? ''), 'accept-encoding'));
  done(null, payload);
}
