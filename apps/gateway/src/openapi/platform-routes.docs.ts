import { Type } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import { MetricsController } from '@slotline/bootstrap';
import { HealthController } from '@slotline/health';
import type { SchemaObject } from '@nestjs/swagger';
import { ApiResult } from './api-result.decorator';
import { defineObjectSchema, optional } from './named-schema';

/**
 * Documents routes of controllers that live in libs (which cannot import the gateway): the same
 * decorators, applied from here when the document is built.
 */
function documentRoute(controller: Type<unknown>, methodKey: string, decorator: MethodDecorator): void {
  const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, methodKey);
  if (!descriptor) throw new Error(`${controller.name}.${methodKey} does not exist`);
  decorator(controller.prototype, methodKey, descriptor);
}

const indicators: SchemaObject = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
  example: { nats: { status: 'up' } },
};

const HealthSchema = defineObjectSchema<HealthCheckResult>('HealthCheckResult', {
  status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
  info: optional(indicators),
  error: optional(indicators),
  details: indicators,
});

documentRoute(
  HealthController,
  'live',
  ApiResult(HealthSchema, { summary: 'Liveness probe', upstream: false }),
);
documentRoute(
  HealthController,
  'ready',
  ApiResult(HealthSchema, { summary: 'Readiness probe (dependencies up, not draining)', upstream: false }),
);
documentRoute(
  MetricsController,
  'scrape',
  ApiResult(
    { type: 'string' },
    { summary: 'Prometheus metrics', contentType: 'text/plain', upstream: false },
  ),
);
