import { ReadinessCheck } from '@slotline/health';
import Redis from 'ioredis';

/** With REDIS_URL set, rate limits and idempotency keys live in Redis: readiness depends on it. */
export function redisReadiness(url: string): ReadinessCheck {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  return {
    name: 'redis',
    check: async () => {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
    },
    close: async () => {
      client.disconnect();
    },
  };
}
