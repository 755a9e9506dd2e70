import { GENESIS_HASH, auditHash } from './audit-hash';
import { AuditLogRow, chainFieldsOf } from './audit-log.row';
import { ChainWalker } from './audit-chain.verifier';

function chain(n: number, start = { seq: 0, hash: GENESIS_HASH }): AuditLogRow[] {
  const rows: AuditLogRow[] = [];
  let prev = start.hash;
  for (let i = 1; i <= n; i++) {
    const row: AuditLogRow = {
      id: `00000000-0000-7000-8000-${String(start.seq + i).padStart(12, '0')}`,
      seq: String(start.seq + i),
      occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      recorded_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor_id: 'u1',
      actor_role: 'admin',
      action: 'test.thing.done',
      resource_type: null,
      resource_id: null,
      outcome: 'success',
      ip: null,
      user_agent: null,
      trace_id: null,
      request_id: null,
      metadata: { i },
      source_event_id: null,
      prev_hash: prev,
      hash: '',
    };
    row.hash = auditHash(chainFieldsOf(row));
    prev = row.hash;
    rows.push(row);
  }
  return rows;
}

const walk = (rows: AuditLogRow[], start: { seq: string; hash: string } | null = null) => {
  const sut = new ChainWalker(start);
  const broken = rows.find((r) => !sut.accept(r));
  return { broken: broken?.seq ?? null, checked: sut.checked };
};

describe(ChainWalker.name, () => {
  it('accepts an intact chain', () => {
    expect(walk(chain(5))).toEqual({ broken: null, checked: 5 });
  });

  it('reports an edited row', () => {
    const rows = chain(5);
    rows[2].action = 'x';
    expect(walk(rows)).toEqual({ broken: '3', checked: 3 });
  });

  it('reports the row after an edited and re-hashed one', () => {
    const rows = chain(5);
    rows[1].metadata = { i: 99 };
    rows[1].hash = auditHash(chainFieldsOf(rows[1]));
    expect(walk(rows).broken).toBe('3');
  });

  it('reports the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(2, 1);
    expect(walk(rows).broken).toBe('4');
  });

  it('starts from a purge checkpoint', () => {
    const rows = chain(6);
    const kept = rows.slice(3);
    expect(walk(kept).broken).toBe('4');
    expect(walk(kept, { seq: rows[2].seq, hash: rows[2].hash })).toEqual({ broken: null, checked: 3 });
  });
});
