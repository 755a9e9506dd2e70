import { NOTIFICATION_CONTROLLERS } from './notifications/notifications.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '@slotline/bootstrap';
import { RpcClient } from '@slotline/messaging';
import { AccessDenialPublisher } from './admin-audit/access-denial.publisher';
import { AdminAuditController } from './admin-audit/admin-audit.controller';
import { AdminUsersController } from './admin-users/admin-users.controller';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { GatewayConfig } from './config/gateway.config';
import { ProblemFilter } from './http/problem.filter';
import { IdempotencyModule } from './idempotency';
import { MeSessionsController } from './me/me-sessions.controller';
import { MeTwoFactorController } from './me/me-two-factor.controller';
import { MeController } from './me/me.controller';
import { RateLimitGuard, RateLimitModule } from './rate-limit';
import { PAYOUTS_CONTROLLERS } from './payouts';
import { SCHEDULING_CONTROLLERS } from './scheduling';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class GatewayModule {
  static register(platform: DynamicModule, config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        platform,
        RateLimitModule.forRoot({
          redisUrl: config.REDIS_URL,
          keyPrefix: `${config.NATS_SUBJECT_PREFIX}rl`,
          tiers: {
            auth: {
              points: config.authRateLimitPoints,
              windowSeconds: config.RATE_LIMIT_AUTH_WINDOW_SECONDS,
            },
            write: {
              points: config.RATE_LIMIT_WRITE_POINTS,
              windowSeconds: config.RATE_LIMIT_WRITE_WINDOW_SECONDS,
            },
            read: {
              points: config.RATE_LIMIT_READ_POINTS,
              windowSeconds: config.RATE_LIMIT_READ_WINDOW_SECONDS,
            },
            admin: {
              points: config.RATE_LIMIT_ADMIN_POINTS,
              windowSeconds: config.RATE_LIMIT_ADMIN_WINDOW_SECONDS,
            },
          },
        }),
        IdempotencyModule.forRoot({
          redisUrl: config.REDIS_URL,
          keyPrefix: `${config.NATS_SUBJECT_PREFIX}idem`,
          retentionSeconds: config.IDEMPOTENCY_RETENTION_SECONDS,
        }),
      ],
      controllers: [
        AuthController,
        MeController,
        MeSessionsController,
        MeTwoFactorController,
        AdminUsersController,
        AdminAuditController,
        ...SCHEDULING_CONTROLLERS,
        ...PAYOUTS_CONTROLLERS,
        WebhooksController,
        ...NOTIFICATION_CONTROLLERS,
      ],
      providers: [
        ProblemFilter,
        AccessDenialPublisher,
        { provide: APP_FILTER, useExisting: ProblemFilter },
        {
          provide: AccessTokenVerifier,
          inject: [RpcClient, APP_CONFIG],
          useFactory: (rpc: RpcClient, c: GatewayConfig) =>
            new AccessTokenVerifier(rpc, c.JWKS_CACHE_SECONDS),
        },
        // Order matters: authenticate first so limits are keyed by user, then rate-limit.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
    };
  }
}
