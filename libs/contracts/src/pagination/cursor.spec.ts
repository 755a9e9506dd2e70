import { decodeCursor, encodeCursor } from './cursor';

describe(decodeCursor.name, () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it('round-trips a payload through an opaque URL-safe token', () => {
    const payload = {
      created_at: '2026-03-29T01:30:00.000+01:00',
      id: '0190c1d2-0000-7000-8000-000000000001',
      n: 3,
    };

    const sut = encodeCursor(payload);

    expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sut).not.toContain('created_at');
    expect(decodeCursor(sut)).toEqual(payload);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', b64('{"v":1,"p":')],
    ['tampered bytes', encodeCursor({ id: 'a' }).slice(0, -3) + 'zzz'],
    ['JSON but not an object', b64('[1,2]')],
    ['a null', b64('null')],
    ['wrong version', b64('{"v":2,"p":{"id":"a"}}')],
    ['no version', b64('{"p":{"id":"a"}}')],
    ['nested values', b64('{"v":1,"p":{"id":{"$gt":""}}}')],
    ['a boolean value', b64('{"v":1,"p":{"id":true}}')],
    ['a payload array', b64('{"v":1,"p":["a"]}')],
    ['too long', 'A'.repeat(2000)],
  ])('returns null for a cursor that is %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('returns null when a required key is missing', () => {
    const cursor = encodeCursor({ id: 'a' });

    expect(decodeCursor(cursor, ['id'])).toEqual({ id: 'a' });
    expect(decodeCursor(cursor, ['created_at', 'id'])).toBeNull();
  });

  it('refuses to encode values a cursor cannot carry', () => {
    expect(() => encodeCursor({ n: Number.NaN })).toThrow(TypeError);
    expect(() => encodeCursor({ o: {} as unknown as string })).toThrow(TypeError);
  });
});
