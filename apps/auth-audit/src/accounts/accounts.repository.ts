import { SERVICE_SCHEMAS, tablesIn, uuidv7 } from '@slotline/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { FailureScope, LoginFailureEntity } from './login-failure.entity';
import { UserEntity } from './user.entity';

/** Every query of the accounts slice, named for what it is for. */
export class AccountsRepository {
  private readonly t: Record<'sessions' | 'two_factor', string>;

  /** The raw statements name their tables through `schema`, as the entities do through search_path. */
  constructor(
    private readonly dataSource: DataSource,
    schema: string = SERVICE_SCHEMAS['auth-audit'].schema,
  ) {
    this.t = tablesIn(schema, ['sessions', 'two_factor']);
  }

  findUserByEmail(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity).findOneBy({ email });
  }

  findUserById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity).findOneBy({ id });
  }

  /** Whether the user turned two-factor on (an enrolment still pending verification does not count). */
  async hasActiveTwoFactor(userId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM ${this.t.two_factor} WHERE user_id = $1 AND status = 'active'`,
      [userId],
    );
    return rows.length > 0;
  }

  /** FOR UPDATE, in id order, so two transactions locking the same users never deadlock. */
  lockUsersById(manager: EntityManager, ids: string[]): Promise<UserEntity[]> {
    return manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id IN (:...ids)', { ids })
      .orderBy('u.id')
      .getMany();
  }

  async updateRole(manager: EntityManager, id: string, role: UserEntity['role']): Promise<Date> {
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ role, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('updated_at')
      .execute();
    return (result.raw as Array<{ updated_at: Date }>)[0].updated_at;
  }

  async updateProfile(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<UserEntity, 'phone' | 'timeZone' | 'locale'>>,
  ): Promise<UserEntity> {
    await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return (await this.findUserById(id, manager))!;
  }

  /** Whether the user signed in before, and whether from this device (user agent), in any session. */
  async priorSignIns(
    manager: EntityManager,
    userId: string,
    userAgent: string | null,
  ): Promise<{ any: boolean; sameDevice: boolean }> {
    const [row]: Array<{ any: boolean; same: boolean }> = await manager.query(
      `SELECT count(*) > 0 AS any, count(*) FILTER (WHERE user_agent IS NOT DISTINCT FROM $2) > 0 AS same
       FROM ${this.t.sessions} WHERE user_id = $1`,
      [userId, userAgent],
    );
    return { any: row.any, sameDevice: row.same };
  }

  countUsersWithRole(role: UserEntity['role'], exceptId?: string): Promise<number> {
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.role = :role', { role });
    if (exceptId) qb.andWhere('u.id <> :exceptId', { exceptId });
    return qb.getCount();
  }

  /** Returns false when the email is already registered (the unique index decides under races). */
  async insertUserIfAbsent(
    manager: EntityManager,
    user: Pick<UserEntity, 'id' | 'email' | 'passwordHash' | 'role'>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(user)
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length > 0;
  }

  async countRecentFailures(
    scope: FailureScope,
    keyHash: string,
    since: Date,
    manager?: EntityManager,
  ): Promise<{ count: number; oldest: Date | null }> {
    const row = await (manager ?? this.dataSource.manager)
      .getRepository(LoginFailureEntity)
      .createQueryBuilder('f')
      .select('count(*)::int', 'count')
      .addSelect('min(f.occurred_at)', 'oldest')
      .where('f.scope = :scope AND f.key_hash = :keyHash AND f.occurred_at > :since', {
        scope,
        keyHash,
        since,
      })
      .getRawOne<{ count: number; oldest: Date | null }>();
    return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
  }

  async recordFailures(
    manager: EntityManager,
    keys: Array<{ scope: FailureScope; keyHash: string }>,
  ): Promise<void> {
    await manager.insert(
      LoginFailureEntity,
      keys.map((k) => ({ id: uuidv7(), scope: k.scope, keyHash: k.keyHash, occurredAt: new Date() })),
    );
  }

  async clearFailures(manager: EntityManager, scope: FailureScope, keyHash: string): Promise<void> {
    await manager.delete(LoginFailureEntity, { scope, keyHash });
  }
}
