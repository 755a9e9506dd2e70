import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A failed sign-in, keyed by a hash of the account or the client IP (no email stored in clear). */
@Entity({ name: 'login_failures' })
export class LoginFailureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  scope: 'account' | 'ip';

  @Column('text', { name: 'key_hash' })
  keyHash: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;
}
