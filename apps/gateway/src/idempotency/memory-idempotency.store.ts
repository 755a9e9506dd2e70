import { randomUUID } from 'node:crypto';
import { AcquireResult, DoneRecord, IdempotencyRecord, IdempotencyStore } from './idempotency.store';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

const SWEEP_EVERY = 500;

/** Single-process store for development and tests; replicas do not see each other's keys. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, fingerprint: string, ttlMs: number): Promise<AcquireResult> {
    this.sweepNow();
    const existing = this.live(key);
    if (existing) return { acquired: false, record: existing.record };
    const lock = randomUUID();
    this.entries.set(key, {
      record: { state: 'in_flight', fingerprint, lock },
      expiresAt: this.now() + ttlMs,
    });
    return { acquired: true, lock };
  }

  async complete(key: string, lock: string, record: DoneRecord, ttlMs: number): Promise<boolean> {
    const existing = this.live(key);
    if (existing && !(existing.record.state === 'in_flight' && existing.record.lock === lock)) return false;
    this.entries.set(key, { record, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(key: string, lock: string): Promise<void> {
    const existing = this.live(key);
    if (existing?.record.state === 'in_flight' && existing.record.lock === lock) this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** Expired entries nobody asks for again would otherwise stay for the life of the process. */
  private sweepNow(): void {
    if (++this.writes % SWEEP_EVERY !== 0) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
