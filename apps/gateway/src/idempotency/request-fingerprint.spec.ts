import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe(requestFingerprint.name, () => {
  const base = {
    method: 'post',
    path: '/v1/jobs',
    scope: 'user:u1',
    body: { b: [1, { y: 2, x: 1 }], a: 'z' },
  };

  it('ignores key order at every depth but not array order', () => {
    expect(canonicalJson({ b: [1, { y: 2, x: 1 }], a: 'z' })).toBe('{"a":"z","b":[1,{"x":1,"y":2}]}');
    expect(requestFingerprint(base)).toBe(
      requestFingerprint({ ...base, method: 'POST', body: { a: 'z', b: [1, { x: 1, y: 2 }] } }),
    );
    expect(requestFingerprint(base)).not.toBe(
      requestFingerprint({ ...base, body: { a: 'z', b: [{ x: 1, y: 2 }, 1] } }),
    );
  });

  it.each([
    ['path', { path: '/v1/jobs/2' }],
    ['caller', { scope: 'user:u2' }],
    ['method', { method: 'PUT' }],
    ['body', { body: {} }],
  ])('changes with the %s', (_label, change) => {
    expect(requestFingerprint({ ...base, ...change })).not.toBe(requestFingerprint(base));
  });

  it('treats a missing body as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});
