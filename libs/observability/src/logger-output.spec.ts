import pino from 'pino';
import { createLogger } from './logger';
import { censor, REDACT_PATHS, scrubDeep, scrubString } from './redaction';

/**
 * The logger as it was before path-redaction.ts: pino's own `redact` option after the scrubber. Every
 * line below must come out of both byte for byte (the time aside).
 */
function pinoRedactLogger(destination: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: 'trace',
      base: { service: 'spec' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => scrubDeep(bindings) as pino.Bindings,
        log: (obj) => scrubDeep(obj) as Record<string, unknown>,
      },
      serializers: { err: (err: Error) => scrubDeep(pino.stdSerializers.err(err)) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg: unknown) => (typeof arg === 'string' ? scrubString(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

function capture() {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (line: string) => void lines.push(line.replace(/,"time":"[^"]+"/, '')) },
  };
}

function both(write: (logger: pino.Logger) => void): { expected: string[]; actual: string[] } {
  const before = capture();
  const after = capture();
  write(pinoRedactLogger(before.destination));
  write(createLogger({ service: 'spec', level: 'trace', destination: after.destination }));
  return { expected: before.lines, actual: after.lines };
}

const error = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);
const nullProto = (fields: Record<string, unknown>) => Object.assign(Object.create(null) as object, fields);
const circular = () => {
  const c: Record<string, unknown> = { password: null, email: 5 };
  c.self = c;
  return { c };
};

const RECORDS: Array<[string, unknown]> = [
  [
    'secrets at the top, every kind of value',
    { password: 'x', token: null, secret: true, totp: 5, phone: undefined },
  ],
  ['`code` at the top', { code: 'CF_ROOM_BUSY', other: { code: 'kept' } }],
  ['`code` null, an object, a number', { code: null, x: { code: { a: 1 } }, y: [{ code: 0 }] }],
  ['emails of every type', { email: 'jane@example.com', user: { email: 5 }, a: { b: { email: null } } }],
  ['emails that are no addresses', { email: '', user: { email: 'noat', other_email: ['x@y.co'] } }],
  ['an email object', { email: { address: 'jane@example.com' }, list: { email: ['a@b.co'] } }],
  [
    'nested nulls and undefined',
    { user: { password: undefined, token: false, phone: null, refreshToken: null } },
  ],
  ['two levels down', { user: { profile: { email: 7, password: null, new_password: 1 } } }],
  ['three levels down (no path reaches)', { a: { b: { c: { password: null, email: 1 } } } }],
  [
    'request headers',
    { req: { headers: { authorization: 'Bearer abc.def', cookie: 'a=b', 'set-cookie': ['x'], host: 'h' } } },
  ],
  ['headers at the top', { headers: { authorization: null, 'set-cookie': undefined, cookie: 1 } }],
  ['headers below any key', { res: { headers: { 'set-cookie': null, authorization: 5 } } }],
  [
    'arrays',
    { items: [{ password: null, email: 3 }, { token: undefined }, 'x'], list: [[{ password: null }]] },
  ],
  ['camelCase keys', { userEmail: 5, accessToken: null, apiKey: 'k' }],
  ['a null-prototype object', { box: nullProto({ password: null, email: 4 }) }],
  [
    'an Error under another key',
    { error: error('x', { password: null, token: 'abc', details: { email: null } }) },
  ],
  [
    'an Error with a code under err',
    { err: error('boom jane@example.com', { code: 'X', email: 5, password: null }) },
  ],
  ['dates, maps, sets', { when: new Date(0), m: new Map([['a', 1]]), s: new Set([1]) }],
  ['a buffer', { b: Buffer.from('x') }],
  // pino takes these for stringifiers of its own (a bug with or without `redact`): the same either way.
  ['keys named like Object.prototype members', { constructor: 1, toString: 'x' }],
  ['toJSON', { custom: { toJSON: () => ({ password: null, email: 1 }) } }],
  ['a circular object', circular()],
  [
    'JWTs and bearer credentials in strings',
    { note: 'Bearer abc eyJa.eyJb.c', nested: { s: 'jane@example.com' } },
  ],
  ['no secret at all', { booking_id: 'b1', assignment_id: 'a1', start: '2026-01-01T00:00:00.000Z', n: 3 }],
  [
    'numbers that JSON cannot hold',
    { n: Number.NaN, token: Number.POSITIVE_INFINITY, x: { password: Number.NaN } },
  ],
  ['functions', { fn: () => 1, token: () => 2, x: { password: () => 3 } }],
];

describe('log lines without pino `redact`', () => {
  it.each(RECORDS)('are the same for %s', (_name, record) => {
    const { expected, actual } = both((logger) => logger.info(record as object, 'msg'));

    expect(actual).toEqual(expected);
  });

  // pino's redactor copies a Buffer into a plain object whose toJSON then throws: such a child could
  // not be made before; it is written now (below).
  const BINDINGS = RECORDS.filter(([name]) => name !== 'a buffer');

  it.each(BINDINGS)('are the same for bindings with %s', (_name, record) => {
    const { expected, actual } = both((logger) => logger.child(record as pino.Bindings).warn('msg'));

    expect(actual).toEqual(expected);
  });

  it.each([
    ['%o, %j, %s, %d', ['a %o b %j c %s %d', { password: 'x', code: 1 }, [{ email: 5 }], { token: null }, 3]],
    ['%O after a merging object', [{ a: 1 }, 'x %O', { user: { email: 2 } }]],
    ['a message that is an object', [{ a: 1 }, { password: null }, { code: 1 }, { email: 3 }]],
    ['an escaped %', ['%%o %o', { password: null }]],
    ['a string and a function for %o', ['%o %o %o', 'str', () => 1, { headers: { cookie: 1 } }]],
    ['%d with nothing', ['%d %o', null, { code: 1 }]],
    ['an undefined first argument', [undefined, 'x %o', { code: 1 }]],
    ['a lone null', [null]],
    ['an Error first', [error('boom', { code: 'E', email: 5 })]],
    ['an Error with a message', [error('boom', { password: null }), 'failed %o', { secret: 1 }]],
  ])('are the same when objects are interpolated: %s', (_name, args) => {
    const { expected, actual } = both((logger) => (logger.info as (...a: unknown[]) => void)(...args));

    expect(actual).toEqual(expected);
  });

  it('differ in that a child bound to a Buffer, which threw, writes it as JSON', () => {
    const lines = capture();
    const sut = createLogger({ service: 'spec', level: 'trace', destination: lines.destination });

    expect(() => pinoRedactLogger(capture().destination).child({ b: Buffer.from('x') })).toThrow(
      /incompatible receiver/,
    );
    sut.child({ b: Buffer.from('x') }).info('m');
    expect(lines.lines[0]).toContain('"b":{"type":"Buffer","data":[120]}');
  });

  it('differ only in how a lone surrogate at the top is written: as it is, not \\u-escaped', () => {
    const { expected, actual } = both((logger) =>
      logger.info({ note: 'a\ud800b', x: { y: 'a\ud800b' } }, 'm'),
    );

    expect(expected[0]).toContain('"note":"a\\ud800b"');
    expect(actual[0]).toBe(expected[0].replace('"note":"a\\ud800b"', '"note":"a\ud800b"'));
  });
});
