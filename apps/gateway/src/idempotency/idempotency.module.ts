import { DynamicModule, Logger, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency.options';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './idempotency.store';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

/** Provides the store and IdempotencyInterceptor that @Idempotent() applies. */
@Module({})
export class IdempotencyModule {
  static forRoot(options: IdempotencyOptions = {}): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        { provide: IDEMPOTENCY_STORE, useFactory: () => createStore(options) },
        IdempotencyInterceptor,
      ],
      exports: [IDEMPOTENCY_OPTIONS, IDEMPOTENCY_STORE, IdempotencyInterceptor],
    };
  }
}

function createStore(options: IdempotencyOptions): IdempotencyStore {
  if (options.redis) return new RedisIdempotencyStore(options.redis);
  if (!options.redisUrl) return new MemoryIdempotencyStore();
  // Fail fast while Redis is away (503 to the client) instead of queueing requests behind a reconnect.
  const client = new Redis(options.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  const logger = new Logger(IdempotencyModule.name);
  let reported = false;
  client.on('error', (err: Error) => {
    if (!reported) logger.warn({ event: 'idempotency_store_unavailable', error: err.message });
    reported = true;
  });
  client.on('ready', () => {
    reported = false;
  });
  return new RedisIdempotencyStore(client, true);
}
