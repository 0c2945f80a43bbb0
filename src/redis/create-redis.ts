// ioredis clients for the two roles: commands that must fail fast when Redis is down (enqueueing a webhook,
// which is then answered 503 for GitHub to redeliver), and connections that wait and reconnect (workers).
import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "fail-fast" | "patient";

function redisOptions(role: RedisRole): RedisOptions {
  return role === "fail-fast"
    ? {
        // No offline queue: a command while disconnected rejects at once instead of hanging the webhook.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      }
    : {
        // BullMQ workers block on Redis and must retry for as long as it takes.
        maxRetriesPerRequest: null,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      };
}

export function createRedis(url: string, role: RedisRole): Redis {
  return new Redis(url, redisOptions(role));
}
