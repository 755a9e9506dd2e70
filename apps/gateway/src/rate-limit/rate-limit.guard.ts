import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { perRoute } from '../http/route-metadata';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { enforceRateLimit } from './enforce-rate-limit';
import { RATE_LIMIT_TIER_METADATA } from './rate-limit-tier.decorator';
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

    await enforceRateLimit(this.limiter, this.tierOf(context, req.method), req, res);
    return true;
  }

  private tierOf(context: ExecutionContext, method: string): RateLimitTierName {
    const declared = this.declaredTier(context);
    if (declared) return declared;
    return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  }
}
