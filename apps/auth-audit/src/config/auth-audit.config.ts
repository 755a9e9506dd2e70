import { DatabaseConfig, parseEnvBoolean } from '@slotline/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class AuthAuditConfig extends DatabaseConfig {
  override HTTP_PORT: number = 3001;
  override DATABASE_URL: string = 'postgres://slotline_auth@127.0.0.1:5432/slotline';

  /** JSON array of private JWKs (Ed25519, each with a kid); the first signs, all are published. */
  @IsOptional()
  @IsString()
  AUTH_JWT_PRIVATE_JWKS?: string;

  @IsInt()
  @Min(60)
  @Max(900)
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

  @Transform(({ value }) => parseEnvBoolean(value))
  @IsBoolean()
  @IsOptional()
  AUTH_REQUIRE_ADMIN_2FA?: boolean;

  get requireAdmin2fa(): boolean {
    return this.AUTH_REQUIRE_ADMIN_2FA ?? this.isProduction;
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.isProduction && !this.AUTH_JWT_PRIVATE_JWKS) {
      problems.push('AUTH_JWT_PRIVATE_JWKS: production refuses generated signing keys; mount the key set as a secret');
    }
    return problems;
  }
}
