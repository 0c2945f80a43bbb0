// The fast suite's own Redis (started by redis-global-setup.ts, or TEST_REDIS_URL) for tests of the Redis-backed
// parts; every test file works under its own key prefix and removes its keys afterwards.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";

export const TEST_REDIS_URL = inject("redisUrl");

export function testRedis(): { redis: Redis; prefix: string; cleanup: () => Promise<void> } {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  return {
    redis,
    prefix,
    cleanup: async () => {
      const keys = await redis.keys(`*${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
