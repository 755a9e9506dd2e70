import { AppError, findUntrustedJsonFault, validationError } from '@slotline/errors';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import typeis from 'type-is';

/** 100 KB: the general limit (GW-6). */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** SCH-8: 1,000 schedule requests of about 150 bytes each. */
export const SCHEDULE_BATCH_BODY_LIMIT_BYTES = 256 * 1024;
export const SCHEDULE_BATCH_PATH = '/v1/admin/schedule-batches';

const JSON_TYPES = ['application/json', 'application/*+json'];
/** body-parser's "strict": only an object or an array at the top, after JSON's whitespace. */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

function hasBody(req: FastifyRequest): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** JSON only (GW-6): an `onRequest` hook refusing a body of any other type with 415 before it is read. */
export function requireJson(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (hasBody(req) && typeof typeis(req.raw, JSON_TYPES) !== 'string')
    return done(new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
  done();
}

function limitOf(req: Pick<FastifyRequest, 'routeOptions'>): number {
  return req.routeOptions?.url === SCHEDULE_BATCH_PATH ? SCHEDULE_BATCH_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES;
}

/** 413 for a body over the route's limit, naming that limit, wherever the body was refused. */
export function bodyTooLarge(req: Pick<FastifyRequest, 'routeOptions'>): AppError {
  return new AppError('VAL_PAYLOAD_TOO_LARGE', `The request body is larger than ${limitOf(req) / 1024} KB.`);
}

function charsetOf(req: FastifyRequest): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  return (charset ?? 'utf-8').toLowerCase();
}

/**
 * The gateway's one body parser (every type reaches it: `requireJson` has refused the others), parsing
 * as Express's `express.json({ strict: true })` did: the route's byte limit (413), UTF-8 only (415),
 * an object or array at the top, a leading BOM dropped, an empty body as `{}`; anything else is 400
 * VAL_MALFORMED_JSON. A request without a body is left without one, as body-parser left it.
 */
export function parseJsonBody(
  req: FastifyRequest,
  body: Buffer,
  done: (err: Error | null, body?: unknown) => void,
): void {
  if (!hasBody(req)) return done(null, undefined);
  if (body.length > limitOf(req)) return done(bodyTooLarge(req));
  if (charsetOf(req) !== 'utf-8' && charsetOf(req) !== 'utf8')
    return done(new AppError('VAL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding.'));
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.length === 0) return done(null, {});
  const first = FIRST_CHAR.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
    done(null, JSON.parse(text));
  } catch {
    done(new AppError('VAL_MALFORMED_JSON', 'The request body is not valid JSON.'));
  }
}

/**
 * What the JSON parser accepts but nothing after it should see (GW-6): nesting that would overflow the
 * recursive validators, text that is not Unicode, prototype keys. Refused as 400 VAL_FAILED naming the
 * field; a `preValidation` hook, so it runs on the parsed body and query before any guard.
 */
export function refuseHostileJson(
  req: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const fault = findUntrustedJsonFault(req.body) ?? findUntrustedJsonFault(req.query, 'query');
  done(fault ? validationError([fault]) : undefined);
}
