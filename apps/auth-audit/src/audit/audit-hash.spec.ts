import { AuditChainFields, GENESIS_HASH, auditHash, canonicalJson } from './audit-hash';

const fields = (overrides: Partial<AuditChainFields> = {}): AuditChainFields => ({
  id: '0190c1d2-0000-7000-8000-000000000001',
  seq: '1',
  occurred_at: '2026-03-29T00:30:00.000Z',
  recorded_at: '2026-03-29T00:30:01.000Z',
  actor_id: 'u1',
  actor_role: 'customer',
  action: 'auth.session.login_succeeded',
  resource_type: 'session',
  resource_id: 's1',
  outcome: 'success',
  ip: '203.0.113.7',
  user_agent: 'curl/8',
  trace_id: null,
  request_id: 'r1',
  metadata: { b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } },
  source_event_id: null,
  prev_hash: GENESIS_HASH,
  ...overrides,
});

describe(canonicalJson.name, () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('skips undefined properties the way JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe(auditHash.name, () => {
  it('does not depend on the order of keys (jsonb reorders them)', () => {
    const reordered = fields({ metadata: { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 } });
    expect(auditHash(reordered)).toBe(auditHash(fields()));
  });

  it('changes with any covered field, prev_hash included', () => {
    const base = auditHash(fields());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(fields({ action: 'x' }))).not.toBe(base);
    expect(auditHash(fields({ metadata: { b: 2, a: { d: [1, { y: 2, x: 1 }], c: null } } }))).not.toBe(base);
    expect(auditHash(fields({ prev_hash: 'f'.repeat(64) }))).not.toBe(base);
    expect(auditHash(fields({ seq: '2' }))).not.toBe(base);
  });
});
