import type { Role } from '@slotline/contracts';

/** A row of auth.users, as the pg driver returns it. */
export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  phone: string | null;
  time_zone: string;
  locale: string;
  created_at: Date;
  updated_at: Date;
}

/** An account in the service's own terms. */
export interface UserRecord {
  id: string;
  /** Stored lower-cased; unique. */
  email: string;
  passwordHash: string;
  role: Role;
  /** E.164, for SMS notifications. */
  phone: string | null;
  timeZone: string;
  locale: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What `GET /v1/me` shows: the account without its password hash. */
export type ProfileRow = Pick<
  UserRow,
  'id' | 'email' | 'role' | 'phone' | 'time_zone' | 'locale' | 'created_at'
>;
export type ProfileRecord = Pick<
  UserRecord,
  'id' | 'email' | 'role' | 'phone' | 'timeZone' | 'locale' | 'createdAt'
>;

/** The contact details a user may change themselves. */
export type ProfileChanges = Partial<Pick<UserRecord, 'phone' | 'timeZone' | 'locale'>>;

/** A failed sign-in or TOTP code is counted per account, client IP or user (keys are hashes). */
export type FailureScope = 'account' | 'ip' | 'totp';

export function toProfile(r: ProfileRow): ProfileRecord {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    phone: r.phone,
    timeZone: r.time_zone,
    locale: r.locale,
    createdAt: r.created_at,
  };
}

export function toUser(r: UserRow): UserRecord {
  return { ...toProfile(r), passwordHash: r.password_hash, updatedAt: r.updated_at };
}
