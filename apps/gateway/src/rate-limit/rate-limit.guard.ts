import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@slotline/errors';
import { perRoute } from '../http/route-metadata';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitKeyOf } from './client-key';
import { RATE_LIMIT_TIER_METADATA } from './rate-limit-tier.decorator';
import { retryAfterSeconds, setRateLimitHeaders } from './rate-limit.headers';
import { RateLimitTierName } from './rate-limit.options';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Counts every HTTP request against its route's tier and answers 429 RATE_LIMITED past the quota.
 * Register it globally after the auth guard, so `req.user` is known and the quota follows the user.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly declaredTier = perRoute((targets) =>
    this.reflector.getAllAndOverride<RateLimitTierName | undefined>(RATE_LIMIT_TIER_METADATA, targets),
  );

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();

    const tier = this.tierOf(context, req.method);
    const decision = await this.limiter.consume(tier, rateLimitKeyOf(req));
    setRateLimitHeaders(res, decision);
    if (decision.allowed) return true;

    const retryAfter = retryAfterSeconds(decision);
    res.header('Retry-After', String(retryAfter));
    throw new AppError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s.`, undefined, {
      tier,
      retry_after_seconds: retryAfter,
    });
  }

  private tierOf(context: ExecutionContext, method: string): RateLimitTierName {
    const declared = this.declaredTier(context);
    if (declared) return declared;
    return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  }
}
