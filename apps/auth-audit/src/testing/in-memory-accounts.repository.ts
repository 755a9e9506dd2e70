import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { AccountsRepository } from '../accounts/accounts.repository';
import { uuidv7 } from '@slotline/persistence';
import type { FailureScope, ProfileChanges, ProfileRecord, UserRecord } from '../accounts/user.record';
import type { SessionRecord } from '../sessions/session.record';

type AccountsPort = Pick<
  AccountsRepository,
  | 'findUserById'
  | 'findProfile'
  | 'findUserByEmail'
  | 'lockUsersById'
  | 'updateRole'
  | 'updateProfile'
  | 'hasActiveTwoFactor'
  | 'countRecentFailures'
  | 'recordFailures'
  | 'clearFailures'
  | 'insertUserIfAbsent'
  | 'serializeAttempts'
  | 'priorSignIns'
>;

interface FailureSlot {
  id: string;
  scope: FailureScope;
  keyHash: string;
  occurredAt: Date;
}

/** The user rows and failed attempts of `AccountsRepository` over memory. */
export class InMemoryAccountsRepository implements AccountsPort {
  readonly users: InMemoryTable<UserRecord>;
  /** Users who turned two-factor on (the repository reads it from auth.two_factor). */
  readonly twoFactorOn = new Set<string>();
  /** Failed sign-ins and TOTP codes, by scope and key hash. */
  readonly failures: InMemoryTable<FailureSlot>;

  constructor(
    private readonly tx: InMemoryTransactions,
    users: UserRecord[] = [],
    private readonly sessionsOf: (userId: string) => SessionRecord[] = () => [],
  ) {
    this.users = tx.enlist(new InMemoryTable(users));
    this.failures = tx.enlist(new InMemoryTable<FailureSlot>());
  }

  async insertUserIfAbsent(
    m: unknown,
    user: Pick<UserRecord, 'id' | 'email' | 'passwordHash' | 'role'>,
  ): Promise<boolean> {
    this.tx.assertInside(m);
    if (this.users.all((u) => u.email === user.email).length > 0) return false;
    const now = new Date();
    this.users.insert({
      ...user,
      phone: null,
      timeZone: 'UTC',
      locale: 'en',
      createdAt: now,
      updatedAt: now,
    });
    return true;
  }

  /** One in-memory transaction runs at a time, so attempts are serialised already. */
  async serializeAttempts(m: unknown): Promise<void> {
    this.tx.assertInside(m);
  }

  async priorSignIns(
    m: unknown,
    userId: string,
    userAgent: string | null,
  ): Promise<{ any: boolean; sameDevice: boolean }> {
    this.tx.assertInside(m);
    const sessions = this.sessionsOf(userId);
    return { any: sessions.length > 0, sameDevice: sessions.some((s) => s.userAgent === userAgent) };
  }

  async countRecentFailures(
    scope: FailureScope,
    keyHash: string,
    since: Date,
  ): Promise<{ count: number; oldest: Date | null }> {
    const recent = this.failures.all(
      (f) => f.scope === scope && f.keyHash === keyHash && f.occurredAt > since,
    );
    return { count: recent.length, oldest: recent[0]?.occurredAt ?? null };
  }

  async recordFailures(m: unknown, keys: Array<{ scope: FailureScope; keyHash: string }>): Promise<void> {
    this.tx.assertInside(m);
    for (const k of keys) this.failures.insert({ id: uuidv7(), ...k, occurredAt: new Date() });
  }

  async clearFailures(m: unknown, scope: FailureScope, keyHash: string): Promise<void> {
    this.tx.assertInside(m);
    for (const f of this.failures.all((f) => f.scope === scope && f.keyHash === keyHash))
      this.failures.delete(f.id);
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
