import { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AcquireResult, DoneRecord, IdempotencyRecord, IdempotencyStore } from './idempotency.store';

// Writes the outcome only while the caller's claim still holds the key (or the claim expired and
// nobody took the key since), so a slow first request never overwrites a later one's record.
const COMPLETE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, rec = pcall(cjson.decode, current)
  if not ok or rec.state ~= 'in_flight' or rec.lock ~= ARGV[1] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, rec = pcall(cjson.decode, current)
if ok and rec.state == 'in_flight' and rec.lock == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Shared store: one claim per key across every gateway replica (SET NX PX). */
export class RedisIdempotencyStore implements IdempotencyStore, OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly client: Redis,
    private readonly ownsClient = false,
  ) {}

  async acquire(key: string, fingerprint: string, ttlMs: number): Promise<AcquireResult> {
    const lock = randomUUID();
    const claim: IdempotencyRecord = { state: 'in_flight', fingerprint, lock };
    // Retried because the record found by a failed SET NX may expire before the GET reads it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const set = await this.client.set(key, JSON.stringify(claim), 'PX', Math.ceil(ttlMs), 'NX');
      if (set === 'OK') return { acquired: true, lock };
      const existing = await this.client.get(key);
      if (existing !== null) return { acquired: false, record: JSON.parse(existing) as IdempotencyRecord };
    }
    throw new Error('Idempotency key kept expiring while being claimed');
  }

  async complete(key: string, lock: string, record: DoneRecord, ttlMs: number): Promise<boolean> {
    const written = await this.client.eval(
      COMPLETE_SCRIPT,
      1,
      key,
      lock,
      JSON.stringify(record),
      Math.ceil(ttlMs),
    );
    return written === 1;
  }

  async release(key: string, lock: string): Promise<void> {
    await this.client.eval(RELEASE_SCRIPT, 1, key, lock);
  }

  async onModuleInit(): Promise<void> {
    if (this.ownsClient && this.client.status === 'wait') await this.client.connect().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit();
    else if (this.client.status !== 'end') this.client.disconnect();
  }
}
