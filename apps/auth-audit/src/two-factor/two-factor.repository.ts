import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn, uuidv7 } from '@slotline/persistence';
import { toTwoFactor, TwoFactorRecord, TwoFactorRow } from './two-factor.record';

/** Queries of TOTP enrolments and recovery codes (recovery codes are stored only as their SHA-256). */
export class TwoFactorRepository {
  private readonly t: Record<'two_factor' | 'recovery_codes', string>;

  constructor(schema: string = SERVICE_SCHEMAS['auth-audit'].schema) {
    this.t = tablesIn(schema, ['two_factor', 'recovery_codes']);
  }

  /** FOR UPDATE: two requests with one code are serialised, so only the first can spend its step. */
  async lock(m: Queryable, userId: string): Promise<TwoFactorRecord | null> {
    const [row] = await m.query<TwoFactorRow[]>(
      `SELECT * FROM ${this.t.two_factor} WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return row ? toTwoFactor(row) : null;
  }

  /** A new pending enrolment replaces a pending one; an active one is never overwritten. */
  async upsertPending(m: Queryable, userId: string, secretCiphertext: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `INSERT INTO ${this.t.two_factor} (user_id, secret_ciphertext, status) VALUES ($1, $2, 'pending')
       ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, created_at = now(), last_used_step = NULL
       WHERE ${this.t.two_factor}.status = 'pending'
       RETURNING user_id`,
      [userId, secretCiphertext],
    );
    return rows.length > 0;
  }

  async activate(m: Queryable, userId: string, step: number, codeHashes: string[]): Promise<void> {
    await m.query(
      `UPDATE ${this.t.two_factor} SET status = 'active', enabled_at = now(), last_used_step = $2
       WHERE user_id = $1`,
      [userId, step],
    );
    await m.query(`DELETE FROM ${this.t.recovery_codes} WHERE user_id = $1`, [userId]);
    await m.query(
      `INSERT INTO ${this.t.recovery_codes} (id, user_id, code_hash)
       SELECT unnest($1::uuid[]), $2::uuid, unnest($3::text[])`,
      [codeHashes.map(() => uuidv7()), userId, codeHashes],
    );
  }

  async setLastUsedStep(m: Queryable, userId: string, step: number): Promise<void> {
    await m.query(`UPDATE ${this.t.two_factor} SET last_used_step = $2 WHERE user_id = $1`, [userId, step]);
  }

  /** Marks the unused code with this hash as used; false when there is none. */
  async spendRecoveryCode(m: Queryable, userId: string, codeHash: string): Promise<boolean> {
    const result = await m.query<Array<{ id: string }> | [Array<{ id: string }>, number]>(
      `UPDATE ${this.t.recovery_codes} SET used_at = now()
       WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return returnedRows(result).length > 0;
  }

  async remove(m: Queryable, userId: string): Promise<void> {
    await m.query(`DELETE FROM ${this.t.recovery_codes} WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM ${this.t.two_factor} WHERE user_id = $1`, [userId]);
  }
}
