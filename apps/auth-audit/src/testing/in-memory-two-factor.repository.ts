import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import { uuidv7 } from '@slotline/persistence';
import type { TwoFactorRecord } from '../two-factor/two-factor.record';
import type { TwoFactorRepository } from '../two-factor/two-factor.repository';

type TwoFactorPort = Pick<
  TwoFactorRepository,
  'lock' | 'upsertPending' | 'activate' | 'setLastUsedStep' | 'spendRecoveryCode' | 'remove'
>;

/** Keyed by user id, as auth.two_factor is. */
type TwoFactorSlot = TwoFactorRecord & { id: string };
interface RecoveryCodeSlot {
  id: string;
  userId: string;
  codeHash: string;
  usedAt: Date | null;
}

/** `TwoFactorRepository` over memory: enrolments and recovery codes (stored by hash). */
export class InMemoryTwoFactorRepository implements TwoFactorPort {
  readonly enrolments: InMemoryTable<TwoFactorSlot>;
  readonly recoveryCodes: InMemoryTable<RecoveryCodeSlot>;

  constructor(private readonly tx: InMemoryTransactions) {
    this.enrolments = tx.enlist(new InMemoryTable<TwoFactorSlot>());
    this.recoveryCodes = tx.enlist(new InMemoryTable<RecoveryCodeSlot>());
  }

  async lock(m: unknown, userId: string): Promise<TwoFactorRecord | null> {
    this.tx.assertInside(m);
    return this.enrolments.get(userId);
  }

  async upsertPending(m: unknown, userId: string, secretCiphertext: string): Promise<boolean> {
    this.tx.assertInside(m);
    const current = this.enrolments.get(userId);
    if (current?.status === 'active') return false;
    if (current) this.enrolments.delete(userId);
    this.enrolments.insert({
      id: userId,
      userId,
      secretCiphertext,
      status: 'pending',
      lastUsedStep: null,
      createdAt: new Date(),
      enabledAt: null,
    });
    return true;
  }

  async activate(m: unknown, userId: string, step: number, codeHashes: string[]): Promise<void> {
    this.tx.assertInside(m);
    this.enrolments.update(userId, { status: 'active', enabledAt: new Date(), lastUsedStep: step });
    this.deleteCodes(userId);
    for (const codeHash of codeHashes)
      this.recoveryCodes.insert({ id: uuidv7(), userId, codeHash, usedAt: null });
  }

  async setLastUsedStep(m: unknown, userId: string, step: number): Promise<void> {
    this.tx.assertInside(m);
    this.enrolments.update(userId, { lastUsedStep: step });
  }

  async spendRecoveryCode(m: unknown, userId: string, codeHash: string): Promise<boolean> {
    this.tx.assertInside(m);
    const [code] = this.recoveryCodes.all((c) => c.userId === userId && c.codeHash === codeHash && !c.usedAt);
    if (!code) return false;
    this.recoveryCodes.update(code.id, { usedAt: new Date() });
    return true;
  }

  async remove(m: unknown, userId: string): Promise<void> {
    this.tx.assertInside(m);
    this.deleteCodes(userId);
    this.enrolments.delete(userId);
  }

  private deleteCodes(userId: string): void {
    for (const c of this.recoveryCodes.all((c) => c.userId === userId)) this.recoveryCodes.delete(c.id);
  }
}
