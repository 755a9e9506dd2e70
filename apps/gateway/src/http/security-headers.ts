import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What helmet did to a response: a header set (name, value) or removed (name, undefined). */
type HeaderOp = readonly [name: string, value: number | string | readonly string[] | undefined];

/** The header operations `helmet(options)` performs on a response, in order. */
export function helmetHeaderOps(options: HelmetOptions): HeaderOp[] {
  const directives = (options.contentSecurityPolicy as { directives?: object } | undefined)?.directives ?? {};
  if (
    Object.values(directives)
      .flat()
      .some((v) => typeof v === 'function')
  )
    throw new Error('securityHeaders: a directive computed per request (e.g. a nonce) needs helmet itself');
  const ops: HeaderOp[] = [];
  const recorder = {
    setHeader(name: string, value: HeaderOp[1]) {
      ops.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      ops.push([name, undefined]);
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('securityHeaders: helmet did not finish synchronously');
  return ops;
}

/**
 * Helmet's security headers for a configuration without per-request values, worked out once at start-up
 * and replayed on every reply (same headers, same values, same order) from an `onRequest` hook. Helmet
 * itself runs a dozen middleware functions per request to produce the same headers every time.
 */
export function securityHeaders(options: HelmetOptions) {
  const ops = helmetHeaderOps(options);
  return (_req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    for (const [name, value] of ops) {
      if (value === undefined) reply.removeHeader(name);
      else reply.header(name, value);
    }
    done();
  };
}
