// What a process needs besides Probot, chosen by the environment: with REDIS_URL, the durable queue and limits
// shared through Redis; without it, the in-process queue and limits in memory.
import type { Logger } from "pino";
import type { AppEnv } from "./config/env.js";
import { InProcessQueue } from "./jobs/in-process-queue.js";
import { type IssueRecords, MemoryIssueRecords, RedisIssueRecords } from "./jobs/issue-records.js";
import type { PlanQueue, QueueSettings } from "./jobs/plan-queue.js";
import { RedisQueue } from "./jobs/redis-queue.js";
import { type LimitStore, LlmLimiter, MemoryLimitStore } from "./limits/llm-limiter.js";
import { MemoryPlanQuota, type PlanQuota } from "./limits/plan-quota.js";
import { RedisLimitStore } from "./limits/redis-limit-store.js";
import { RedisPlanQuota } from "./limits/redis-plan-quota.js";
import type { Metrics } from "./observability/metrics.js";
import { createRedis } from "./redis/create-redis.js";

export interface Runtime {
  queue: PlanQueue;
  records: IssueRecords;
  quota: PlanQuota;
  llmLimiter: LlmLimiter;
  /** Closes connections the runtime opened (after the queue is closed). */
  close(): Promise<void>;
}

export function queueSettings(env: AppEnv): QueueSettings {
  return {
    concurrency: env.PLAN_CONCURRENCY,
    attempts: env.JOB_ATTEMPTS,
    backoff: { baseMs: env.JOB_BACKOFF_MS, maxMs: env.JOB_BACKOFF_MAX_MS },
    settleMs: env.PLAN_SETTLE_MS,
  };
}

export function createRuntime(env: AppEnv, log: Logger, metrics?: Metrics): Runtime {
  const settings = queueSettings(env);
  let store: LimitStore;
  let quota: PlanQuota;
  let queue: PlanQueue;
  let records: IssueRecords;
  let close = async () => {};
  if (env.REDIS_URL) {
    const redis = createRedis(env.REDIS_URL, "patient");
    redis.on("error", (error: Error) => log.debug({ err: error }, "redis connection error"));
    const prefix = `${env.QUEUE_NAME}:app`;
    store = new RedisLimitStore(redis, prefix);
    quota = new RedisPlanQuota(redis, prefix);
    records = new RedisIssueRecords(redis, prefix);
    queue = new RedisQueue({
      ...settings,
      url: env.REDIS_URL,
      name: env.QUEUE_NAME,
      log,
      jobLockMs: env.JOB_LOCK_MS,
      stalledIntervalMs: env.JOB_LOCK_MS,
    });
    close = async () => {
      redis.disconnect();
    };
  } else {
    store = new MemoryLimitStore();
    quota = new MemoryPlanQuota();
    records = new MemoryIssueRecords();
    queue = new InProcessQueue({ ...settings, log });
  }
  const llmLimiter = new LlmLimiter({
    store,
    limits: {
      concurrency: env.LLM_CONCURRENCY,
      concurrencyPerInstallation: env.LLM_CONCURRENCY_PER_INSTALLATION,
      perMinute: env.LLM_REQUESTS_PER_MINUTE,
      perMinutePerInstallation: env.LLM_REQUESTS_PER_MINUTE_PER_INSTALLATION,
    },
    // A slot outlives the longest request the SDK may make, its retries included.
    leaseMs: env.LLM_TIMEOUT_MS * (env.LLM_MAX_RETRIES + 1) + 60_000,
    maxWaitMs: 120_000,
    ...(metrics ? { onWait: (limit: string) => metrics.limitWaits.inc({ limit }) } : {}),
  });
  return { queue, quota, records, llmLimiter, close };
}
