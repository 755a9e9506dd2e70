import { AppError } from '@slotline/errors';
import type { FastifyRequest } from 'fastify';
import {
  BODY_LIMIT_BYTES,
  SCHEDULE_BATCH_BODY_LIMIT_BYTES,
  SCHEDULE_BATCH_PATH,
  parseJsonBody,
} from './json-body';

function parse(text: string | Buffer, headers: Record<string, string> = {}, route = '/v1/things') {
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const req = {
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    routeOptions: { url: route },
  } as unknown as FastifyRequest;
  let outcome: { err: Error | null; body?: unknown } | undefined;
  parseJsonBody(req, body, (err, parsed) => (outcome = { err, body: parsed }));
  return outcome!;
}

const codeOf = (err: Error | null) => (err instanceof AppError ? err.code : err);

describe(parseJsonBody.name, () => {
  it('parses an object or an array, after whitespace and a BOM', () => {
    expect(parse(' \n{"a":1}')).toEqual({ err: null, body: { a: 1 } });
    expect(parse('\uFEFF[1,2]')).toEqual({ err: null, body: [1, 2] });
  });

  it('refuses a scalar at the top and text that is not JSON as VAL_MALFORMED_JSON', () => {
    for (const text of ['"x"', '1', 'null', '{x', '{"a":1}}'])
      expect([text, codeOf(parse(text).err)]).toEqual([text, 'VAL_MALFORMED_JSON']);
  });

  it('gives an empty body with Transfer-Encoding `{}`, and no body without one', () => {
    expect(parse('', { 'transfer-encoding': 'chunked', 'content-length': '' })).toEqual({
      err: null,
      body: {},
    });
    expect(parse('', { 'content-length': '0' })).toEqual({ err: null, body: undefined });
  });

  it('holds every route to 100 KB but schedule batches to 256 KB', () => {
    const over = `{"a":"${'x'.repeat(BODY_LIMIT_BYTES)}"}`;
    expect(codeOf(parse(over).err)).toBe('VAL_PAYLOAD_TOO_LARGE');
    expect(parse(over, {}, SCHEDULE_BATCH_PATH).err).toBeNull();
  });

  it("names the route's own limit when a body is over it", () => {
    const overBatch = `{"a":"${'x'.repeat(SCHEDULE_BATCH_BODY_LIMIT_BYTES)}"}`;
    expect(parse(`{"a":"${'x'.repeat(BODY_LIMIT_BYTES)}"}`).err?.message).toBe(
      'The request body is larger than 100 KB.',
    );
    expect(parse(overBatch, {}, SCHEDULE_BATCH_PATH).err?.message).toBe(
      'The request body is larger than 256 KB.',
    );
  });

  it('takes UTF-8 only', () => {
    expect(parse('{}', { 'content-type': 'application/json; charset=UTF-8' }).err).toBeNull();
    expect(codeOf(parse('{}', { 'content-type': 'application/json; charset=latin1' }).err)).toBe(
      'VAL_UNSUPPORTED_MEDIA_TYPE',
    );
  });
});
