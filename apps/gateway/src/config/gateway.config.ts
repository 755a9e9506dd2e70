import { BaseConfig } from '@slotline/config';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

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

  @IsString()
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3000';

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  }
}
