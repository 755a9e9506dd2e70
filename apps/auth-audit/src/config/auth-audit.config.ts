import { DatabaseConfig, EnvBoolean } from '@slotline/config';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Relative to the working directory: the repository root under `npm start`. */
export const DEV_SIGNING_KEY_FILE = '.local/dev-signing-keys.json';

export class AuthAuditConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3001;
  override DATABASE_URL: string = 'postgres://slotline_auth@127.0.0.1:5432/slotline';

  /** JSON array of private JWKs (Ed25519, each with a kid); the first signs, all are published. */
  @IsOptional()
  @IsString()
  AUTH_JWT_PRIVATE_JWKS?: string;

  /**
   * Without AUTH_JWT_PRIVATE_JWKS, the generated development key is kept in this file so restarts keep
   * sessions valid. Default `.local/dev-signing-keys.json` (git-ignored) under NODE_ENV=development;
   * tests use a throw-away key unless they set it. Ignored in production, which refuses generated keys.
   */
  @IsOptional()
  @IsString()
  AUTH_DEV_SIGNING_KEY_FILE?: string;

  /** Also the bound on how long a revoked session's access token keeps working (docs/security.md). */
  @IsInt()
  @Min(60)
  @Max(600)
  ACCESS_TOKEN_TTL_SECONDS: number = 600;

  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;

  /** Failed sign-ins per window; unset: 5 per account and 50 per IP, 20 and 500 in development. */
  @IsOptional()
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @IsInt()
  @Min(1)
  LOGIN_THROTTLE_WINDOW_SECONDS: number = 900;

  /** argon2id cost; the defaults are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane). */
  @IsInt()
  @Min(19456)
  ARGON2_MEMORY_KIB: number = 19456;

  @IsInt()
  @Min(2)
  ARGON2_ITERATIONS: number = 2;

  /** How long audit rows are kept (AUTH-7); the database's purge function refuses less than 30. */
  @IsInt()
  @Min(30)
  AUDIT_RETENTION_DAYS: number = 365;

  /** How often the audit retention purge runs; 0 turns the periodic job off. */
  @IsInt()
  @Min(0)
  AUDIT_PURGE_INTERVAL_SECONDS: number = 3600;

  @EnvBoolean()
  @IsBoolean()
  @IsOptional()
  AUTH_REQUIRE_ADMIN_2FA?: boolean;

  /** AES-256-GCM key for TOTP secrets at rest: base64 of 32 random bytes (`openssl rand -base64 32`). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'AUTH_TOTP_ENCRYPTION_KEY must be base64 of exactly 32 bytes' })
  AUTH_TOTP_ENCRYPTION_KEY?: string;

  /** The issuer shown in authenticator apps. */
  @IsString()
  AUTH_TOTP_ISSUER: string = 'Slotline';

  /** Failed TOTP or recovery codes per user within LOGIN_THROTTLE_WINDOW_SECONDS before a pause. */
  @IsInt()
  @Min(1)
  TOTP_MAX_FAILURES: number = 5;

  /** Outside production a fixed development key is derived, so local secrets survive restarts. */
  get totpEncryptionKey(): Buffer {
    if (this.AUTH_TOTP_ENCRYPTION_KEY) return Buffer.from(this.AUTH_TOTP_ENCRYPTION_KEY, 'base64');
    return createHash('sha256').update('slotline-local-development-totp-key').digest();
  }

  get loginMaxFailuresPerAccount(): number {
    return this.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? (this.isDevelopment ? 20 : 5);
  }

  get loginMaxFailuresPerIp(): number {
    return this.LOGIN_MAX_FAILURES_PER_IP ?? (this.isDevelopment ? 500 : 50);
  }

  get devSigningKeyFile(): string | undefined {
    if (this.isProduction) return undefined;
    const file = this.AUTH_DEV_SIGNING_KEY_FILE ?? (this.isDevelopment ? DEV_SIGNING_KEY_FILE : undefined);
    return file && path.resolve(file);
  }

  get requireAdmin2fa(): boolean {
    return this.AUTH_REQUIRE_ADMIN_2FA ?? this.isProduction;
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && !this.AUTH_JWT_PRIVATE_JWKS) {
      problems.push(
        'AUTH_JWT_PRIVATE_JWKS: production refuses generated signing keys; mount the key set as a secret',
      );
    }
    if (this.isProduction && !this.AUTH_TOTP_ENCRYPTION_KEY) {
      problems.push(
        'AUTH_TOTP_ENCRYPTION_KEY: production refuses the development key; mount 32 random bytes (base64) as a secret',
      );
    }
    return problems;
  }
}
