import compression from 'compression';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';
import zlib from 'node:zlib';

/** compression 1.8's encodings, in its order, and the ones it prefers on a tie (Node has brotli). */
const SUPPORTED_ENCODINGS = ['br', 'gzip', 'deflate', 'identity'];
const PREFERRED_ENCODINGS = ['br', 'gzip'];
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

export interface WholeBodyCompressionOptions {
  threshold: number;
  /** zlib options for gzip and deflate, as given to compression. */
  zlib: zlib.ZlibOptions;
}

/** compression's brotli options when given none: quality 4. */
const BROTLI: zlib.BrotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * Compresses the one body that `res.end` is about to send, in one synchronous call, with the decisions
 * `compression` makes for it at the same moment (its filter, `no-transform`, `Vary`, threshold, an
 * existing Content-Encoding, HEAD, the same negotiation): the same status, headers (chunked, no
 * Content-Length) and encoded bytes. compression streams the body through a zlib stream instead: two
 * round trips to libuv's thread pool per answer (the write, then the finish), a handful of stream ticks,
 * and a first write of the headers before the last chunk — each a point where a loaded two-core
 * machine can make the answer wait for a core (docs/performance.md, "Availability p99, sixth pass").
 * Only for an answer sent whole (`res.send`), whose size the caller has checked.
 */
export function compressWholeBody(req: Request, res: Response, opts: WholeBodyCompressionOptions): void {
  const end = res.end;
  const endWith = end as (this: Response, ...args: unknown[]) => Response;
  res.end = function endCompressed(this: Response, ...args: unknown[]) {
    res.end = end;
    const [chunk, encoding] = args;
    const sendAsIs = () => endWith.apply(this, args);
    if (res.headersSent || typeof chunk === 'function' || typeof encoding === 'function') return sendAsIs();
    const body = chunk === undefined || chunk === null ? undefined : toBuffer(chunk, encoding);
    const length = res.getHeader('Content-Length') ? undefined : (body?.length ?? 0);
    const method = negotiate(req, res, length, opts);
    if (!method || !body) return sendAsIs();
    res.setHeader('Content-Encoding', method);
    res.removeHeader('Content-Length');
    return endWith.call(this, encode(method, body, opts));
  } as Response['end'];
}

/** compression's `onHeaders` decision for this response: the encoding to use, or none. */
function negotiate(
  req: Request,
  res: Response,
  length: number | undefined,
  opts: WholeBodyCompressionOptions,
): string | undefined {
  if (!compression.filter(req, res)) return undefined;
  const cacheControl = res.getHeader('Cache-Control');
  if (cacheControl && NO_TRANSFORM.test(String(cacheControl))) return undefined;
  res.vary('Accept-Encoding');
  if (Number(res.getHeader('Content-Length')) < opts.threshold) return undefined;
  if (length !== undefined && length < opts.threshold) return undefined;
  if ((res.getHeader('Content-Encoding') || 'identity') !== 'identity') return undefined;
  if (req.method === 'HEAD') return undefined;
  let method: string | undefined = new Negotiator(req).encoding(SUPPORTED_ENCODINGS, PREFERRED_ENCODINGS);
  if (!req.headers['accept-encoding']) method = 'identity';
  return method && method !== 'identity' ? method : undefined;
}

function encode(method: string, body: Buffer, opts: WholeBodyCompressionOptions): Buffer {
  if (method === 'gzip') return zlib.gzipSync(body, opts.zlib);
  if (method === 'br') return zlib.brotliCompressSync(body, BROTLI);
  return zlib.deflateSync(body, opts.zlib);
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(chunk as string, (encoding as BufferEncoding | undefined) ?? 'utf8');
}
