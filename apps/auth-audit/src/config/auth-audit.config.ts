import { DatabaseConfig, EnvBoolean } from '@slotline/config';
import { createHash } from 'node:crypto';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class AuthAuditConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3001;
  override DATABASE_URL: string = 'postgres://slotline_auth@127.0.0.1:5432/slotline';

  /** JSON array of private JWKs (Ed25519, each with a kid); the first signs, all are published. */
  @IsOptional()
  @IsString()
  AUTH_JWT_PRIVATE_JWKS?: string;

  /** Also the bound on how long a revoked session's access token keeps working (docs/security.md). */
  @IsInt()
  @Min(60)
  @Max(600)
  ACCESS_TOKEN_TTL_SECONDS: number = 600;

  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;

  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT: number = 5;

  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP: number = 50;

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
