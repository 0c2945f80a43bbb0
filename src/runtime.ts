// What a process needs besides Probot, chosen by the environment: with REDIS_URL, the durable queue and limits
// shared through Redis; without it, the in-process queue and limits in memory.
import type { Logger } from "pino";
import { NearConfigHints } from "./config/config-hints.js";
import type { AppEnv } from "./config/env.js";
import { RedisIssueRecords } from "./jobs/issue-records.js";
import { RedisQueue } from "./jobs/redis-queue.js";
import { RedisLimitStore } from "./limits/redis-limit-store.js";
import { RedisPlanQuota } from "./limits/redis-plan-quota.js";
import { createLlmLimiter, createMemoryRuntime, queueSettings, type Runtime } from "./memory-runtime.js";
import type { Metrics } from "./observability/metrics.js";
import { createRedis } from "./redis/create-redis.js";
import { RedisConfigHints } from "./redis/redis-config-hints.js";

export type { Runtime };

export function createRuntime(env: AppEnv, log: Logger, metrics?: Metrics): Runtime {
  if (!env.REDIS_URL) return createMemoryRuntime(env, log, metrics);
  const url = env.REDIS_URL;
  const redis = createRedis(url, "patient");
  redis.on("error", (error: Error) => log.debug({ err: error }, "redis connection error"));
  const prefix = `${env.QUEUE_NAME}:app`;
  // One shape of options for both queues: the warm-up's run the real one's code with the objects it will see.
  const queueOptions = (name: string) => ({
    ...queueSettings(env),
    url,
    name,
    log,
    takeoverMs: env.JOB_LOCK_MS,
  });
  return {
    queue: new RedisQueue(queueOptions(env.QUEUE_NAME)),
    hints: new NearConfigHints(new RedisConfigHints(redis, prefix)),
    quota: new RedisPlanQuota(redis, prefix),
    records: new RedisIssueRecords(redis, prefix),
    llmLimiter: createLlmLimiter(env, new RedisLimitStore(redis, prefix), log, metrics),
    createWarmUpQueue: () => {
      // Queue names are letters, digits, - and _: no deployment's queue can be named with a dot.
      const queue = new RedisQueue(queueOptions(`${env.QUEUE_NAME}.warm-up`));
      return { queue, discard: () => queue.discard() };
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
