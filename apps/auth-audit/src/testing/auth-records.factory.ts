import type { Role } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { uniqueEmail } from '@slotline/testing';
import { UserRecord } from '../accounts/user.record';
import { SessionRecord } from '../sessions/session.record';

/** Test data only: an account as the auth repositories return it (no real password hash). */
export function aUser(role: Role = 'customer', overrides: Partial<UserRecord> = {}): UserRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    email: uniqueEmail(),
    passwordHash: '$argon2id$not-a-real-hash',
    role,
    phone: null,
    timeZone: 'UTC',
    locale: 'en',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** An active session of `userId`. */
export function aSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = new Date();
  return {
    id: uuidv7(),
    userId,
    aal: 'aal1',
    ip: '203.0.113.7',
    userAgent: 'jest',
    createdAt: now,
    lastUsedAt: now,
    revokedAt: null,
    revokedReason: null,
    ...overrides,
  };
}
