import type { Role } from '@slotline/contracts';
import { Queryable, returnedRows, SERVICE_SCHEMAS, tablesIn, updateSet, uuidv7 } from '@slotline/persistence';
import {
  FailureScope,
  ProfileChanges,
  ProfileRecord,
  ProfileRow,
  toProfile,
  toUser,
  UserRecord,
  UserRow,
} from './user.record';

const PROFILE_COLUMNS = 'id, email, role, phone, time_zone, locale, created_at';
const PROFILE_CHANGES: Record<keyof ProfileChanges, string> = {
  phone: 'phone',
  timeZone: 'time_zone',
  locale: 'locale',
};

/** Every query of the accounts slice, named for what it is for. */
export class AccountsRepository {
  private readonly t: Record<'users' | 'login_failures' | 'sessions' | 'two_factor', string>;

  constructor(
    private readonly db: Queryable,
    schema: string = SERVICE_SCHEMAS['auth-audit'].schema,
  ) {
    this.t = tablesIn(schema, ['users', 'login_failures', 'sessions', 'two_factor']);
  }

  findUserByEmail(email: string, manager?: Queryable): Promise<UserRecord | null> {
    return this.user(manager ?? this.db, `SELECT * FROM ${this.t.users} WHERE email = $1`, [email]);
  }

  findUserById(id: string, manager?: Queryable): Promise<UserRecord | null> {
    return this.user(manager ?? this.db, `SELECT * FROM ${this.t.users} WHERE id = $1`, [id]);
  }

  /** The hot read of `GET /v1/me`: one indexed row, only the columns the profile shows. */
  async findProfile(id: string): Promise<ProfileRecord | null> {
    const [row] = await this.db.query<ProfileRow[]>(
      `SELECT ${PROFILE_COLUMNS} FROM ${this.t.users} WHERE id = $1`,
      [id],
    );
    return row ? toProfile(row) : null;
  }

  /** Whether the user turned two-factor on (an enrolment still pending verification does not count). */
  async hasActiveTwoFactor(userId: string, manager?: Queryable): Promise<boolean> {
    const rows = await (manager ?? this.db).query<unknown[]>(
      `SELECT 1 FROM ${this.t.two_factor} WHERE user_id = $1 AND status = 'active'`,
      [userId],
    );
    return rows.length > 0;
  }

  /** FOR UPDATE, in id order, so two transactions locking the same users never deadlock. */
  async lockUsersById(manager: Queryable, ids: string[]): Promise<UserRecord[]> {
    const rows = await manager.query<UserRow[]>(
      `SELECT * FROM ${this.t.users} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map(toUser);
  }

  async updateRole(manager: Queryable, id: string, role: Role): Promise<Date> {
    const result = await manager.query<Array<{ updated_at: Date }> | [Array<{ updated_at: Date }>, number]>(
      `UPDATE ${this.t.users} SET role = $2, updated_at = now() WHERE id = $1 RETURNING updated_at`,
      [id, role],
    );
    return returnedRows(result)[0].updated_at;
  }

  async updateProfile(manager: Queryable, id: string, changes: ProfileChanges): Promise<UserRecord> {
    const { set, params } = updateSet(id, changes, PROFILE_CHANGES);
    const result = await manager.query<UserRow[] | [UserRow[], number]>(
      `UPDATE ${this.t.users} SET ${set} WHERE id = $1 RETURNING *`,
      params,
    );
    return toUser(returnedRows(result)[0]);
  }

  /** Whether the user signed in before, and whether from this device (user agent), in any session. */
  async priorSignIns(
    manager: Queryable,
    userId: string,
    userAgent: string | null,
  ): Promise<{ any: boolean; sameDevice: boolean }> {
    const [row] = await manager.query<Array<{ any: boolean; same: boolean }>>(
      `SELECT count(*) > 0 AS any, count(*) FILTER (WHERE user_agent IS NOT DISTINCT FROM $2) > 0 AS same
       FROM ${this.t.sessions} WHERE user_id = $1`,
      [userId, userAgent],
    );
    return { any: row.any, sameDevice: row.same };
  }

  async countUsersWithRole(role: Role, exceptId?: string): Promise<number> {
    const [row] = await this.db.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM ${this.t.users} WHERE role = $1 AND ($2::uuid IS NULL OR id <> $2)`,
      [role, exceptId ?? null],
    );
    return row.count;
  }

  /** Returns false when the email is already registered (the unique index decides under races). */
  async insertUserIfAbsent(
    manager: Queryable,
    user: Pick<UserRecord, 'id' | 'email' | 'passwordHash' | 'role'>,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO ${this.t.users} (id, email, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.id, user.email, user.passwordHash, user.role],
    );
    return rows.length > 0;
  }

  /** Holds a transaction-scoped advisory lock on `keyHash` until the caller's transaction ends. */
  async serializeAttempts(manager: Queryable, keyHash: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [keyHash]);
  }

  async countRecentFailures(
    scope: FailureScope,
    keyHash: string,
    since: Date,
    manager?: Queryable,
  ): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await (manager ?? this.db).query<Array<{ count: number; oldest: Date | null }>>(
      `SELECT count(*)::int AS count, min(occurred_at) AS oldest FROM ${this.t.login_failures}
       WHERE scope = $1 AND key_hash = $2 AND occurred_at > $3`,
      [scope, keyHash, since],
    );
    return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
  }

  async recordFailures(
    manager: Queryable,
    keys: Array<{ scope: FailureScope; keyHash: string }>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t.login_failures} (id, scope, key_hash, occurred_at)
       SELECT unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), $4::timestamptz`,
      [keys.map(() => uuidv7()), keys.map((k) => k.scope), keys.map((k) => k.keyHash), new Date()],
    );
  }

  async clearFailures(manager: Queryable, scope: FailureScope, keyHash: string): Promise<void> {
    await manager.query(`DELETE FROM ${this.t.login_failures} WHERE scope = $1 AND key_hash = $2`, [
      scope,
      keyHash,
    ]);
  }

  private async user(db: Queryable, sql: string, params: unknown[]): Promise<UserRecord | null> {
    const [row] = await db.query<UserRow[]>(sql, params);
    return row ? toUser(row) : null;
  }
}
