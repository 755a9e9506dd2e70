import { BaseConfig, EnvBoolean } from '@slotline/config';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import path from 'node:path';

export class GatewayConfig extends BaseConfig {
  override HTTP_PORT: number = 3000;

  /** Comma-separated origins allowed by CORS; empty means no cross-origin browser access. */
  @IsString()
  @IsOptional()
  CORS_ORIGINS: string = '';

  /** How many proxy hops to trust for the client IP (X-Forwarded-For); 0 behind no proxy. */
  @IsInt()
  @Min(0)
  @Max(5)
  TRUST_PROXY_HOPS: number = 0;

  @IsInt()
  @Min(10)
  JWKS_CACHE_SECONDS: number = 300;

  /** Shared rate-limit and idempotency storage; in-memory per replica when unset. */
  @IsString()
  @IsOptional()
  REDIS_URL?: string;

  /**
   * Rate-limit tiers (GW-3): requests per window, per user (or per IP when anonymous). The auth tier
   * unset is strict (10) except under NODE_ENV=development (100), where one developer tries things out.
   */
  @IsOptional() @IsInt() @Min(1) RATE_LIMIT_AUTH_POINTS?: number;
  @IsInt() @Min(1) RATE_LIMIT_AUTH_WINDOW_SECONDS: number = 60;
  @IsInt() @Min(1) RATE_LIMIT_WRITE_POINTS: number = 60;
  @IsInt() @Min(1) RATE_LIMIT_WRITE_WINDOW_SECONDS: number = 60;
  @IsInt() @Min(1) RATE_LIMIT_READ_POINTS: number = 300;
  @IsInt() @Min(1) RATE_LIMIT_READ_WINDOW_SECONDS: number = 60;
  @IsInt() @Min(1) RATE_LIMIT_ADMIN_POINTS: number = 120;
  @IsInt() @Min(1) RATE_LIMIT_ADMIN_WINDOW_SECONDS: number = 60;

  /** How long a completed idempotent response is kept for replay (GW-4: at least 24 h). */
  @IsInt()
  @Min(86400)
  IDEMPOTENCY_RETENTION_SECONDS: number = 86400;

  /** The built admin console (`npm run build` writes it to dist/admin-console). */
  @IsString()
  ADMIN_CONSOLE_DIR: string = path.resolve(__dirname, '../../../../admin-console');

  @IsString()
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3000';

  /**
   * Share of successful requests (status < 400) written to the access log, 0–1; every 4xx and 5xx is
   * written whatever the rate. Probes (/health/*, /metrics) are logged at debug.
   */
  @IsNumber()
  @Min(0)
  @Max(1)
  ACCESS_LOG_SAMPLE_RATE: number = 1;

  /** Admin routes demand an aal2 (2FA-verified) token; default on in production (AUTH-6). */
  @EnvBoolean()
  @IsBoolean()
  @IsOptional()
  AUTH_REQUIRE_ADMIN_2FA?: boolean;

  get authRateLimitPoints(): number {
    return this.RATE_LIMIT_AUTH_POINTS ?? (this.isDevelopment ? 100 : 10);
  }

  get requireAdmin2fa(): boolean {
    return this.AUTH_REQUIRE_ADMIN_2FA ?? this.isProduction;
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }
}
