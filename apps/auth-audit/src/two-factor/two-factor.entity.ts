import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP: `pending` from enrolment until the first code is verified, then `active`. */
@Entity({ name: 'two_factor' })
export class TwoFactorEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  /** AES-256-GCM sealed base32 secret (SecretBox), bound to the user id. */
  @Column('text', { name: 'secret_ciphertext' })
  secretCiphertext: string;

  @Column('text')
  status: 'pending' | 'active';

  /** The last TOTP time step accepted; a code for this step or an earlier one is refused. */
  @Column('bigint', {
    name: 'last_used_step',
    nullable: true,
    transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) },
  })
  lastUsedStep: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'enabled_at', nullable: true })
  enabledAt: Date | null;
}
