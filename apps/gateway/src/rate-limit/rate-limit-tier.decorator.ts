import { SetMetadata } from '@nestjs/common';
import { RateLimitTierName } from './rate-limit.options';

export const RATE_LIMIT_TIER_METADATA = 'slotline:rate-limit-tier';

/**
 * Puts a route (or every route of a controller) in a rate-limit tier. Without it, GET and HEAD count
 * as `read` and every other method as `write`.
 */
export const RateLimitTier = (tier: RateLimitTierName): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_TIER_METADATA, tier);
