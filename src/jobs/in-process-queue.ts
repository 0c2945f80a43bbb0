// The embedded queue (no REDIS_URL): jobs run in this process with the same semantics as the Redis queue
// (see plan-queue.ts), but nothing survives a restart: unfinished jobs are logged at shutdown.
import type { Logger } from "pino";
import { mergeTriggers } from "./merge-triggers.js";
import {
  type EnqueueOutcome,
  type PlanProcessor,
  type PlanQueue,
  QueueClosedError,
  type QueueHealth,
  type QueueSettings,
  type QueueStats,
  RetryLaterError,
} from "./plan-queue.js";
import { jobKey, type PlanRequest } from "./plan-request.js";
import { retryDelay } from "./retry-delay.js";

export interface InProcessQueueOptions extends Partial<Omit<QueueSettings, "concurrency">> {
  concurrency: number;
  log: Logger;
  now?: () => number;
}

interface Waiting {
  request: PlanRequest;
  /** Not started before this time (settle delay or retry backoff). */
  notBefore: number;
  attempt: number;
}

// Deliveries remembered to spot redeliveries (GitHub allows redelivering for a few days; memory is bounded).
const REMEMBERED_DELIVERIES = 10_000;

export class InProcessQueue implements PlanQueue {
  readonly kind = "in-process";
  readonly #settings: QueueSettings;
  readonly #log: Logger;
  readonly #now: () => number;
  // Map keeps insertion order: the first waiting entry is the oldest job.
  readonly #waiting = new Map<string, Waiting>();
  readonly #active = new Map<string, PlanRequest>();
  readonly #deliveries = new Set<string>();
  readonly #idleWaiters = new Set<() => void>();
  #processor: PlanProcessor | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: InProcessQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    this.#settings = {
      concurrency: options.concurrency,
      attempts: options.attempts ?? 1,
      backoff: options.backoff ?? { baseMs: 10_000, maxMs: 600_000 },
      settleMs: options.settleMs ?? 0,
    };
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  async enqueue(request: PlanRequest): Promise<EnqueueOutcome> {
    if (this.#closed) throw new QueueClosedError();
    if (this.#deliveries.has(request.deliveryId)) return "duplicate";
    this.#remember(request.deliveryId);
    const key = jobKey(request);
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.request = mergeTriggers(waiting.request, request);
      return "coalesced";
    }
    // While the issue's job runs, this entry is its follow-up: it starts once that job ends.
    this.#waiting.set(key, { request, notBefore: this.#now() + this.#settings.settleMs, attempt: 1 });
    this.#pump();
    return "queued";
  }

  start(processor: PlanProcessor): void {
    this.#processor = processor;
    this.#pump();
  }

  async stats(): Promise<QueueStats> {
    const now = this.#now();
    const delayed = [...this.#waiting.values()].filter((entry) => entry.notBefore > now).length;
    return { waiting: this.#waiting.size - delayed, active: this.#active.size, delayed, failed: 0 };
  }

  async health(): Promise<QueueHealth> {
    return { ok: !this.#closed, detail: this.#closed ? "closing" : "in-process" };
  }

  /** Resolves once nothing is waiting or running. */
  onIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  async close(timeoutMs: number): Promise<PlanRequest[]> {
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.onIdle(), timedOut]);
    clearTimeout(timer);
    clearTimeout(this.#timer);
    return [...this.#active.values(), ...[...this.#waiting.values()].map((entry) => entry.request)];
  }

  #remember(deliveryId: string): void {
    this.#deliveries.add(deliveryId);
    if (this.#deliveries.size > REMEMBERED_DELIVERIES) {
      const oldest = this.#deliveries.values().next().value;
      if (oldest !== undefined) this.#deliveries.delete(oldest);
    }
  }

  #isIdle(): boolean {
    return this.#waiting.size === 0 && this.#active.size === 0;
  }

  #pump(): void {
    const processor = this.#processor;
    if (this.#isIdle()) {
      for (const resolve of this.#idleWaiters) resolve();
      this.#idleWaiters.clear();
      return;
    }
    if (!processor) return;
    const now = this.#now();
    let nextDue = Number.POSITIVE_INFINITY;
    // A retry (its delay over) starts before the issues still waiting for their first attempt.
    const queued = [...this.#waiting].sort(([, a], [, b]) => Number(b.attempt > 1) - Number(a.attempt > 1));
    for (const [key, entry] of queued) {
      if (this.#active.size >= this.#settings.concurrency) break;
      if (this.#active.has(key)) continue;
      if (entry.notBefore > now) {
        nextDue = Math.min(nextDue, entry.notBefore);
        continue;
      }
      this.#waiting.delete(key);
      this.#active.set(key, entry.request);
      void this.#run(key, entry, processor);
    }
    clearTimeout(this.#timer);
    if (Number.isFinite(nextDue)) {
      this.#timer = setTimeout(() => this.#pump(), Math.max(0, nextDue - now));
      this.#timer.unref();
    }
  }

  async #run(key: string, entry: Waiting, processor: PlanProcessor): Promise<void> {
    const { request, attempt } = entry;
    const final = attempt >= this.#settings.attempts;
    try {
      await processor(request, { number: attempt, final, rerun: attempt > 1 });
    } catch (error) {
      const context = { err: error, issue: key, deliveryId: request.deliveryId, attempt };
      if (final) {
        this.#log.error(context, "plan job failed on its last attempt");
      } else {
        const retryAfterMs = error instanceof RetryLaterError ? error.retryAfterMs : undefined;
        const delay = retryDelay(attempt, this.#settings.backoff, retryAfterMs);
        this.#log.warn({ ...context, delayMs: delay }, "plan job will be retried");
        const followUp = this.#waiting.get(key);
        // A trigger that came in meanwhile runs anyway: it carries this job's request along.
        if (followUp) followUp.request = mergeTriggers(request, followUp.request);
        else this.#waiting.set(key, { request, notBefore: this.#now() + delay, attempt: attempt + 1 });
      }
    } finally {
      this.#active.delete(key);
      this.#pump();
    }
  }
}
