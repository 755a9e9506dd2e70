import { Role } from '@slotline/contracts';
import { TransactionRunner } from '@slotline/persistence';
import { aCallMeta, callAs, InMemoryTransactions, substitute } from '@slotline/testing';
import { InMemoryAuditLogRepository } from '../testing/in-memory-audit-log.repository';
import { AuditDraft } from './audit-draft';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogService } from './audit-log.service';

describe(AuditLogService.name, () => {
  const RETENTION_DAYS = 90;
  const NOW = new Date('2026-12-03T12:00:00Z');
  let repo: InMemoryAuditLogRepository;
  let sut: AuditLogService;

  beforeEach(() => {
    repo = new InMemoryAuditLogRepository();
    const tx = new InMemoryTransactions().runner;
    // Reads take the same in-memory transaction as writes.
    const runner = { run: tx.run, read: tx.run } as TransactionRunner;
    sut = new AuditLogService({
      repo: substitute<AuditLogRepository>(repo),
      tx: runner,
      retentionDays: RETENTION_DAYS,
      clock: () => NOW,
    });
  });

  function aDraft(overrides: Partial<AuditDraft> = {}): AuditDraft {
    return {
      occurred_at: NOW,
      actor_id: null,
      actor_role: 'customer',
      action: 'auth.login.succeeded',
      resource_type: 'session',
      resource_id: null,
      outcome: 'success',
      ip: null,
      user_agent: null,
      trace_id: null,
      request_id: null,
      metadata: {},
      source_event_id: null,
      ...overrides,
    };
  }

  const listAs = (role: Role, query: { limit?: number; cursor?: string; action?: string } = {}) =>
    sut.list({ limit: 20, ...query }, callAs(role));

  it('stores a record redacted, however it arrives', async () => {
    await sut.record(
      {} as never,
      aDraft({ user_agent: 'Bearer abc.def.ghi', metadata: { note: 'mail ann@example.com' } }),
    );

    expect(repo.rows[0].user_agent).not.toContain('abc.def.ghi');
    expect(JSON.stringify(repo.rows[0].metadata)).not.toContain('ann@example.com');
    expect(repo.rows[0].recorded_at).toEqual(NOW);
  });

  it('lets admins and super admins read the log, and nobody else', async () => {
    await expect(sut.list({ limit: 20 }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
    for (const role of ['customer', 'provider'] as const)
      await expect(listAs(role)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(listAs('admin')).resolves.toMatchObject({ items: [] });
    await expect(listAs('super_admin')).resolves.toMatchObject({ items: [] });
  });

  it('lets only a super admin verify the chain', async () => {
    await expect(Promise.resolve().then(() => sut.verify(callAs('admin')))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('pages newest first, and the cursor leads to the rest', async () => {
    for (let i = 0; i < 3; i++) await sut.record({} as never, aDraft({ resource_id: `r${i}` }));

    const first = await listAs('admin', { limit: 2 });
    const second = await listAs('admin', { limit: 2, cursor: first.next_cursor! });

    expect(first.items.map((r) => r.resource_id)).toEqual(['r2', 'r1']);
    expect(second.items.map((r) => r.resource_id)).toEqual(['r0']);
    expect(second.next_cursor).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(listAs('admin', { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VAL_CURSOR' });
  });

  it('skips the purge while another replica holds its lock', async () => {
    repo.purgeLockFree = false;
    repo.expired = { purged_rows: 5, cut_seq: '5', cut_hash: 'h5' };

    expect(await sut.purgeExpired()).toBeNull();
    expect(repo.rows).toEqual([]);
  });

  it('records nothing when no row is old enough', async () => {
    expect(await sut.purgeExpired()).toBeNull();
    expect(repo.rows).toEqual([]);
  });

  it('records each purge in the log itself, with what was cut and the retention', async () => {
    repo.expired = { purged_rows: 5, cut_seq: '5', cut_hash: 'h5' };

    expect(await sut.purgeExpired()).toEqual(repo.expired);

    expect(repo.rows).toEqual([
      expect.objectContaining({
        action: 'audit.log.purged',
        actor_role: 'system',
        resource_type: 'audit_log',
        metadata: { purged_rows: 5, cut_seq: '5', cut_hash: 'h5', retention_days: RETENTION_DAYS },
      }),
    ]);
  });
});
