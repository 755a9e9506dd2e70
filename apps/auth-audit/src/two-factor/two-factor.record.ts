/** A row of auth.two_factor, as the pg driver returns it (bigint as string). */
export interface TwoFactorRow {
  user_id: string;
  secret_ciphertext: string;
  status: 'pending' | 'active';
  last_used_step: string | null;
  created_at: Date;
  enabled_at: Date | null;
}

/** A user's TOTP: `pending` from enrolment until the first code is verified, then `active`. */
export interface TwoFactorRecord {
  userId: string;
  /** AES-256-GCM sealed base32 secret (SecretBox), bound to the user id. */
  secretCiphertext: string;
  status: 'pending' | 'active';
  /** The last TOTP time step accepted; a code for this step or an earlier one is refused. */
  lastUsedStep: number | null;
  createdAt: Date;
  enabledAt: Date | null;
}

export function toTwoFactor(r: TwoFactorRow): TwoFactorRecord {
  return {
    userId: r.user_id,
    secretCiphertext: r.secret_ciphertext,
    status: r.status,
    lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step),
    createdAt: r.created_at,
    enabledAt: r.enabled_at,
  };
}
