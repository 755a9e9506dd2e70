import { findUntrustedJsonFault, MAX_JSON_DEPTH } from './untrusted-json';

function nested(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe(findUntrustedJsonFault.name, () => {
  it('accepts ordinary payloads, astral characters included', () => {
    expect(findUntrustedJsonFault({ name: 'Zoë 🦷', hours: { monday: [{ start: '08:00' }] } })).toBeNull();
    expect(findUntrustedJsonFault(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findUntrustedJsonFault(null)).toBeNull();
  });

  it('refuses nesting past the limit without overflowing its own stack', () => {
    expect(findUntrustedJsonFault(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ code: 'max_depth' });
    const fault = findUntrustedJsonFault(nested(200_000));
    expect(fault).toMatchObject({ code: 'max_depth', field: expect.stringMatching(/^body/) });
    expect(fault!.field.length).toBeLessThanOrEqual(201);
  });

  it('refuses a lone surrogate in a value or a key, and names where it is', () => {
    expect(findUntrustedJsonFault({ email: 'a\ud800@example.com' })).toEqual({
      field: 'body.email',
      code: 'invalid_unicode',
      message: 'body.email is not valid Unicode text',
    });
    expect(findUntrustedJsonFault({ list: ['ok', '\udc00'] })).toMatchObject({ field: 'body.list[1]' });
    expect(findUntrustedJsonFault({ ['k\ud83d']: 1 })).toMatchObject({ code: 'invalid_unicode' });
  });

  it('refuses prototype keys at any depth', () => {
    expect(findUntrustedJsonFault(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toMatchObject({
      field: 'body.a.__proto__',
      code: 'forbidden_key',
    });
    expect(findUntrustedJsonFault({ constructor: { prototype: {} } }, 'query')).toMatchObject({
      field: 'query.constructor',
    });
  });
});
