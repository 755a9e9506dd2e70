import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { AccountsRepository } from '../accounts/accounts.repository';
import type { ProfileChanges, ProfileRecord, UserRecord } from '../accounts/user.record';

type AccountsPort = Pick<
  AccountsRepository,
  | 'findUserById'
  | 'findProfile'
  | 'findUserByEmail'
  | 'lockUsersById'
  | 'updateRole'
  | 'updateProfile'
  | 'hasActiveTwoFactor'
>;

/** The user rows of `AccountsRepository` over memory. */
export class InMemoryAccountsRepository implements AccountsPort {
  readonly users: InMemoryTable<UserRecord>;
  /** Users who turned two-factor on (the repository reads it from auth.two_factor). */
  readonly twoFactorOn = new Set<string>();

  constructor(
    private readonly tx: InMemoryTransactions,
    users: UserRecord[] = [],
  ) {
    this.users = tx.enlist(new InMemoryTable(users));
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    return this.users.get(id);
  }

  async findProfile(id: string): Promise<ProfileRecord | null> {
    return this.users.get(id);
  }

  async hasActiveTwoFactor(userId: string): Promise<boolean> {
    return this.twoFactorOn.has(userId);
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    return this.users.all((u) => u.email === email)[0] ?? null;
  }

  async lockUsersById(m: unknown, ids: string[]): Promise<UserRecord[]> {
    this.tx.assertInside(m);
    return this.users.all((u) => ids.includes(u.id)).sort((a, b) => a.id.localeCompare(b.id));
  }

  async updateRole(m: unknown, id: string, role: UserRecord['role']): Promise<Date> {
    this.tx.assertInside(m);
    return this.users.update(id, { role, updatedAt: new Date() }).updatedAt;
  }

  async updateProfile(m: unknown, id: string, changes: ProfileChanges): Promise<UserRecord> {
    this.tx.assertInside(m);
    return this.users.update(id, { ...changes, updatedAt: new Date() });
  }
}
