import { authenticator } from 'otplib';

export const TOTP_STEP_SECONDS = 30;
/** 20 bytes = 160 bits, RFC 4226's recommended secret length for HMAC-SHA1. */
const SECRET_BYTES = 20;

/**
 * RFC 6238 TOTP (SHA-1, 6 digits, 30 s) accepting the current step ±1. `matchStep` says which step a
 * code belongs to, so the caller can refuse any step at or before the last one used (no replay).
 */
export class Totp {
  private readonly base = authenticator.clone({ window: 1, step: TOTP_STEP_SECONDS, digits: 6 });

  constructor(
    private readonly issuer: string,
    private readonly now: () => number = Date.now,
  ) {}

  generateSecret(): string {
    return this.base.generateSecret(SECRET_BYTES);
  }

  keyUri(accountName: string, secret: string): string {
    return this.base.keyuri(accountName, this.issuer, secret);
  }

  /** The absolute time step the code is valid for (current ±1), or null if it matches none. */
  matchStep(code: string, secret: string): number | null {
    const epoch = this.now();
    const delta = this.base.clone({ epoch }).checkDelta(code, secret);
    return delta === null ? null : Math.floor(epoch / 1000 / TOTP_STEP_SECONDS) + delta;
  }
}
