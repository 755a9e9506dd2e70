import { DynamicModule, Module } from '@nestjs/common';
import { RATE_LIMIT_OPTIONS, RateLimitOptions } from './rate-limit.options';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiterService } from './rate-limiter.service';

/** Provides RateLimitGuard and its limiter; the app registers the guard (APP_GUARD) after auth. */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions = {}): DynamicModule {
    return {
      module: RateLimitModule,
      global: true,
      providers: [{ provide: RATE_LIMIT_OPTIONS, useValue: options }, RateLimiterService, RateLimitGuard],
      exports: [RATE_LIMIT_OPTIONS, RateLimiterService, RateLimitGuard],
    };
  }
}
