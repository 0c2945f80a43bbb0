// The queue contract shared by the in-process queue and the Redis-backed one, and the job semantics both keep:
// a redelivered webhook is a no-op; triggers for an issue arriving within the settle delay, or while its job
// waits, make one job; a trigger while the job runs makes one follow-up run after it; a job that
// fails for a passing reason is retried with backoff; only one job per issue runs at a time.

import type { QueueHealth, QueueProbe, QueueStats } from "../observability/queue-probe.js";
import type { PlanRequest } from "./plan-request.js";
import type { BackoffSettings } from "./retry-delay.js";

export interface JobAttempt {
  /** From 1. */
  number: number;
  /** No attempt follows this one: the job reports its failure on the issue instead of asking for a retry. */
  final: boolean;
  /** An earlier attempt of this job started (and may have left a status comment behind). */
  rerun: boolean;
  /** Aborted when the job was handed back to the queue at shutdown: it must write nothing more. */
  signal?: AbortSignal;
  /**
   * The workers running this job stopped this many times before it could end (killed, out of memory): it is not
   * planned again but reported on the issue, so a job that ends every worker that takes it stops there.
   */
  stoppedTimes?: number;
}

/** Runs one plan job. Throwing `RetryLaterError` (or anything else) asks for another attempt if one is left. */
export type PlanProcessor = (request: PlanRequest, attempt: JobAttempt) => Promise<void>;

/**
 * `queued`: a new job (or a follow-up run after the running job); `coalesced`: merged into the issue's
 * waiting job; `duplicate`: this delivery was accepted before (a redelivered webhook).
 */
export type EnqueueOutcome = "queued" | "coalesced" | "duplicate";

export interface QueueSettings {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** Attempts of a job, the first included. */
  attempts: number;
  backoff: BackoffSettings;
  /** Triggers for one issue arriving within this delay make a single plan. */
  settleMs: number;
}

export type { QueueHealth, QueueStats };

export interface PlanQueue extends QueueProbe {
  readonly kind: "in-process" | "redis";
  /** Accepts a job; rejects with `QueueUnavailableError` when it cannot, so the webhook is not acknowledged. */
  enqueue(request: PlanRequest): Promise<EnqueueOutcome>;
  /** Starts running jobs with the processor (not called on webhook-only servers). */
  start(processor: PlanProcessor): void;
  stats(): Promise<QueueStats>;
  health(): Promise<QueueHealth>;
  /** Stops accepting and taking jobs, waits up to `timeoutMs` for running ones; returns those not finished. */
  close(timeoutMs: number): Promise<PlanRequest[]>;
}

/**
 * The queue a starting server's warm-up deliveries go to (src/webhooks/warm-up.ts): no worker reads it, and
 * `discard` removes everything it holds and closes it.
 */
export interface WarmUpQueue {
  queue: PlanQueue;
  discard(): Promise<void>;
}

/** The job asks to be run again later (a passing failure), after at least `retryAfterMs` if given. */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    readonly retryAfterMs: number | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`retry later (${reason})`, options);
  }
}

/** The queue cannot take the job now; answered 503 so GitHub marks the delivery failed and it can be redelivered. */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
  /** Read by the webhook middleware as the response status. */
  readonly status = 503;
}

export class QueueClosedError extends QueueUnavailableError {
  override name = "QueueClosedError";
  constructor() {
    super("The plan queue is shutting down and accepts no new jobs; the webhook can be redelivered.");
  }
}
