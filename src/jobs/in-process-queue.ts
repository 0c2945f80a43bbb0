// The embedded queue: jobs run in this process with a concurrency limit and one job per issue at a time.
import type { Logger } from "pino";
import {
  type EnqueueOutcome,
  type PlanProcessor,
  type PlanQueue,
  QueueClosedError,
  type QueueStats,
} from "./plan-queue.js";
import { jobKey, type PlanRequest } from "./plan-request.js";

export interface InProcessQueueOptions {
  concurrency: number;
  log: Logger;
}

export class InProcessQueue implements PlanQueue {
  readonly kind = "in-process";
  readonly #concurrency: number;
  readonly #log: Logger;
  // Map keeps insertion order: the first waiting entry is the oldest job.
  readonly #waiting = new Map<string, PlanRequest>();
  readonly #active = new Map<string, PlanRequest>();
  readonly #idleWaiters = new Set<() => void>();
  #processor: PlanProcessor | undefined;
  #closed = false;

  constructor(options: InProcessQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
    }
    this.#concurrency = options.concurrency;
    this.#log = options.log;
  }

  async enqueue(request: PlanRequest): Promise<EnqueueOutcome> {
    if (this.#closed) throw new QueueClosedError();
    const key = jobKey(request);
    const waiting = this.#waiting.get(key);
    if (waiting) {
      // A /plan command carries guidance; a later label trigger must not erase it.
      if (request.trigger.kind === "command") this.#waiting.set(key, request);
      return "coalesced";
    }
    if (this.#active.has(key)) return "coalesced";
    this.#waiting.set(key, request);
    this.#pump();
    return "queued";
  }

  start(processor: PlanProcessor): void {
    this.#processor = processor;
    this.#pump();
  }

  stats(): QueueStats {
    return { waiting: this.#waiting.size, active: this.#active.size };
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
    return [...this.#active.values(), ...this.#waiting.values()];
  }

  #isIdle(): boolean {
    return this.#waiting.size === 0 && this.#active.size === 0;
  }

  #pump(): void {
    const processor = this.#processor;
    if (!processor) return;
    while (this.#active.size < this.#concurrency) {
      const next = this.#waiting.entries().next();
      if (next.done) break;
      const [key, request] = next.value;
      this.#waiting.delete(key);
      this.#active.set(key, request);
      void this.#run(key, request, processor);
    }
    if (this.#isIdle()) {
      for (const resolve of this.#idleWaiters) resolve();
      this.#idleWaiters.clear();
    }
  }

  async #run(key: string, request: PlanRequest, processor: PlanProcessor): Promise<void> {
    try {
      await processor(request);
    } catch (error) {
      this.#log.error(
        { err: error, issue: key, deliveryId: request.deliveryId },
        "plan job failed outside its own error handling",
      );
    } finally {
      this.#active.delete(key);
      this.#pump();
    }
  }
}
