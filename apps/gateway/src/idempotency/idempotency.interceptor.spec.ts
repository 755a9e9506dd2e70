import { randomUUID } from 'node:crypto';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { idempotencyScenarios } from './idempotency.scenarios';

describe(`${IdempotencyInterceptor.name} with the in-memory store`, () => {
  idempotencyScenarios(() => ({ keyPrefix: `test:idem:${randomUUID()}` }));
});
