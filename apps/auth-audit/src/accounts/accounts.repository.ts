import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { LoginFailureEntity } from './login-failure.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

/** Every query of the accounts slice, named for what it is for. */
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email });
  }

  findUserById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** Returns false when the email is already registered (the unique index decides under races). */
  async insertUserIfAbsent(manager: EntityManager, user: Pick<UserEntity, 'id' | 'email' | 'passwordHash' | 'role'>): Promise<boolean> {
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

  async createSession(
    manager: EntityManager,
    session: Pick<SessionEntity, 'userId' | 'aal' | 'ip' | 'userAgent'>,
    refresh: { hash: string; expiresAt: Date },
  ): Promise<SessionEntity> {
    const now = new Date();
    const entity = manager.create(SessionEntity, { ...session, id: uuidv7(), lastUsedAt: now, revokedAt: null });
    await manager.insert(SessionEntity, entity);
    await manager.insert(RefreshTokenEntity, {
      id: uuidv7(),
      sessionId: entity.id,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
      usedAt: null,
    });
    return entity;
  }

  async countRecentFailures(scope: 'account' | 'ip', keyHash: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.dataSource
      .getRepository(LoginFailureEntity)
      .createQueryBuilder('f')
      .select('count(*)::int', 'count')
      .addSelect('min(f.occurred_at)', 'oldest')
      .where('f.scope = :scope AND f.key_hash = :keyHash AND f.occurred_at > :since', { scope, keyHash, since })
      .getRawOne<{ count: number; oldest: Date | null }>();
    return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
  }

  async recordFailures(tx: TransactionRunner, keys: Array<{ scope: 'account' | 'ip'; keyHash: string }>): Promise<void> {
    await tx.run((m) =>
      m.insert(
        LoginFailureEntity,
        keys.map((k) => ({ id: uuidv7(), scope: k.scope, keyHash: k.keyHash, occurredAt: new Date() })),
      ),
    );
  }

  async clearFailures(manager: EntityManager, scope: 'account' | 'ip', keyHash: string): Promise<void> {
    await manager.delete(LoginFailureEntity, { scope, keyHash });
  }
}
