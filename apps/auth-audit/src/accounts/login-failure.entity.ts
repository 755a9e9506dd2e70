import { Column, Entity, PrimaryColumn } from 'typeorm';

export type FailureScope = 'account' | 'ip' | 'totp';

/** A failed sign-in or TOTP code, keyed by a hash of the account, client IP or user (no email in clear). */
@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  scope: FailureScope;

  @Column('text', { name: 'key_hash' })
  keyHash: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;
}
