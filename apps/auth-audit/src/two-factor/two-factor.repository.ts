import { SERVICE_SCHEMAS, tablesIn, uuidv7 } from '@slotline/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { TwoFactorEntity } from './two-factor.entity';

/** Queries of TOTP enrolments and recovery codes. */
export class TwoFactorRepository {
  private readonly t: Record<'two_factor', string>;

  /** The raw statements name their tables through `schema`, as the entities do through search_path. */
  constructor(
    private readonly dataSource: DataSource,
    schema: string = SERVICE_SCHEMAS['auth-audit'].schema,
  ) {
    this.t = tablesIn(schema, ['two_factor']);
  }

  find(userId: string): Promise<TwoFactorEntity | null> {
    return this.dataSource.getRepository(TwoFactorEntity).findOneBy({ userId });
  }

  /** FOR UPDATE: two requests with one code are serialised, so only the first can spend its step. */
  lock(m: EntityManager, userId: string): Promise<TwoFactorEntity | null> {
    return m
      .getRepository(TwoFactorEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.user_id = :userId', { userId })
      .getOne();
  }

  /** A new pending enrolment replaces a pending one; an active one is never overwritten. */
  async upsertPending(m: EntityManager, userId: string, secretCiphertext: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ${this.t.two_factor} (user_id, secret_ciphertext, status) VALUES ($1, $2, 'pending')
       ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, created_at = now(), last_used_step = NULL
       WHERE ${this.t.two_factor}.status = 'pending'
       RETURNING user_id`,
      [userId, secretCiphertext],
    );
    return rows.length > 0;
  }

  async activate(m: EntityManager, userId: string, step: number, codeHashes: string[]): Promise<void> {
    await m.update(
      TwoFactorEntity,
      { userId },
      { status: 'active', enabledAt: new Date(), lastUsedStep: step },
    );
    await m.delete(RecoveryCodeEntity, { userId });
    await m.insert(
      RecoveryCodeEntity,
      codeHashes.map((codeHash) => ({ id: uuidv7(), userId, codeHash, usedAt: null })),
    );
  }

  async setLastUsedStep(m: EntityManager, userId: string, step: number): Promise<void> {
    await m.update(TwoFactorEntity, { userId }, { lastUsedStep: step });
  }

  /** Marks the unused code with this hash as used; false when there is none. */
  async spendRecoveryCode(m: EntityManager, userId: string, codeHash: string): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(RecoveryCodeEntity)
      .set({ usedAt: new Date() })
      .where('user_id = :userId AND code_hash = :codeHash AND used_at IS NULL', { userId, codeHash })
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  countUnusedRecoveryCodes(m: EntityManager, userId: string): Promise<number> {
    return m
      .getRepository(RecoveryCodeEntity)
      .createQueryBuilder('r')
      .where('r.user_id = :userId AND r.used_at IS NULL', { userId })
      .getCount();
  }

  async remove(m: EntityManager, userId: string): Promise<void> {
    await m.delete(RecoveryCodeEntity, { userId });
    await m.delete(TwoFactorEntity, { userId });
  }
}
