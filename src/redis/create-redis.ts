// ioredis clients for the two roles: commands that must fail fast when Redis is down (enqueueing a webhook,
// which is then answered 503 for GitHub to redeliver), and connections that wait and reconnect (workers).
// The fail-fast connection pipelines: the commands a process issues in one turn of its event loop (a burst of
// webhooks' enqueues) go to Redis in one write and are read there at once, which costs Redis about a third less
// CPU per delivery (bench/RESULTS.md). It sends no blocking command, which a pipeline would hold others behind.
import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "fail-fast" | "patient";

function redisOptions(role: RedisRole): RedisOptions {
  return role === "fail-fast"
    ? {
        // No offline queue: a command while disconnected rejects at once instead of hanging the webhook.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        enableAutoPipelining: true,
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
