import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { AccountsRepository } from '../accounts/accounts.repository';
import type { UserEntity } from '../accounts/user.entity';

type AccountsPort = Pick<
  AccountsRepository,
  'findUserById' | 'findUserByEmail' | 'lockUsersById' | 'updateRole' | 'updateProfile' | 'hasActiveTwoFactor'
>;

/** The user rows of `AccountsRepository` over memory. */
export class InMemoryAccountsRepository implements AccountsPort {
  readonly users: InMemoryTable<UserEntity>;
  /** Users who turned two-factor on (the repository reads it from auth.two_factor). */
  readonly twoFactorOn = new Set<string>();

  constructor(
    private readonly tx: InMemoryTransactions,
    users: UserEntity[] = [],
  ) {
    this.users = tx.enlist(new InMemoryTable(users));
  }

  async findUserById(id: string): Promise<UserEntity | null> {
    return this.users.get(id);
  }

  async hasActiveTwoFactor(userId: string): Promise<boolean> {
    return this.twoFactorOn.has(userId);
  }

  async findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.users.all((u) => u.email === email)[0] ?? null;
  }

  async lockUsersById(m: unknown, ids: string[]): Promise<UserEntity[]> {
    this.tx.assertInside(m);
    return this.users.all((u) => ids.includes(u.id)).sort((a, b) => a.id.localeCompare(b.id));
  }

  async updateRole(m: unknown, id: string, role: UserEntity['role']): Promise<Date> {
    this.tx.assertInside(m);
    return this.users.update(id, { role, updatedAt: new Date() }).updatedAt;
  }

  async updateProfile(
    m: unknown,
    id: string,
    changes: Partial<Pick<UserEntity, 'phone' | 'timeZone' | 'locale'>>,
  ): Promise<UserEntity> {
    this.tx.assertInside(m);
    return this.users.update(id, { ...changes, updatedAt: new Date() });
  }
}
