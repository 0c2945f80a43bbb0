// What a single process needs besides Probot when nothing is shared: the in-process queue and limits in memory
// (no REDIS_URL, and the GitHub Action). Kept apart from the Redis runtime so the Action's bundle has no Redis queue.
import type { Logger } from "pino";
import { type ConfigHints, MemoryConfigHints } from "./config/config-hints.js";
import type { AppEnv } from "./config/env.js";
import { InProcessQueue } from "./jobs/in-process-queue.js";
import { type IssueRecords, MemoryIssueRecords } from "./jobs/issue-records.js";
import type { PlanQueue, QueueSettings, WarmUpQueue } from "./jobs/plan-queue.js";
import { type LimitStore, LlmLimiter, MemoryLimitStore } from "./limits/llm-limiter.js";
import { MemoryPlanQuota, type PlanQuota } from "./limits/plan-quota.js";
import type { Metrics } from "./observability/metrics.js";

export interface Runtime {
  queue: PlanQueue;
  hints: ConfigHints;
  records: IssueRecords;
  quota: PlanQuota;
  llmLimiter: LlmLimiter;
  /** A queue of its own for the webhook warm-up's deliveries, which no worker reads (src/webhooks/warm-up.ts). */
  createWarmUpQueue(): WarmUpQueue;
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

/** One process, nothing shared: the in-process queue and limits kept in memory. */
export function createMemoryRuntime(
  env: AppEnv,
  log: Logger,
  metrics?: Metrics,
): Runtime & { queue: InProcessQueue } {
  return {
    queue: new InProcessQueue({ ...queueSettings(env), log }),
    hints: new MemoryConfigHints(),
    quota: new MemoryPlanQuota(),
    records: new MemoryIssueRecords(),
    llmLimiter: createLlmLimiter(env, new MemoryLimitStore(), log, metrics),
    createWarmUpQueue: () => {
      // Never started: the requests it takes are held in memory until discarded.
      const queue = new InProcessQueue({ ...queueSettings(env), log });
      return { queue, discard: async () => void (await queue.close(0)) };
    },
    close: async () => {},
  };
}

export function createLlmLimiter(env: AppEnv, store: LimitStore, log: Logger, metrics?: Metrics): LlmLimiter {
  return new LlmLimiter({
    store,
    limits: {
      concurrency: env.LLM_CONCURRENCY,
      concurrencyPerInstallation: env.LLM_CONCURRENCY_PER_INSTALLATION,
      perMinute: env.LLM_REQUESTS_PER_MINUTE,
      perMinutePerInstallation: env.LLM_REQUESTS_PER_MINUTE_PER_INSTALLATION,
    },
    // Renewed while the call runs, however long the provider takes; a dead worker's slot lapses as its job lock does.
    leaseMs: env.JOB_LOCK_MS,
    maxWaitMs: 120_000,
    onRenewError: (error: unknown) =>
      log.warn({ err: error }, "could not renew a model slot's lease; it may lapse before the call ends"),
    ...(metrics ? { onWait: (limit: string) => metrics.limitWaits.inc({ limit }) } : {}),
  });
}
