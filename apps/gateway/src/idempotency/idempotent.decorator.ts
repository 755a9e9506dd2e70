import {
  ExecutionContext,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import type { IdempotentRequest } from './idempotency.interceptor';
import { IDEMPOTENT_METADATA } from './idempotency.options';

/**
 * Marks a creating POST as idempotent and applies IdempotencyInterceptor to it, so nothing needs to
 * be registered globally (a global registration as well is harmless: the interceptor runs once).
 */
export const Idempotent = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IDEMPOTENT_METADATA, true), UseInterceptors(IdempotencyInterceptor));

/** The request's validated Idempotency-Key (undefined when the client sent none), to pass downstream. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<IdempotentRequest>().idempotencyKey,
);
