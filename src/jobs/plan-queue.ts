// The queue contract shared by the in-process queue and the Redis-backed one.
import type { PlanRequest } from "./plan-request.js";

/** Runs one plan job; it reports its own failures to the issue, so a rejection here is unexpected. */
export type PlanProcessor = (request: PlanRequest) => Promise<void>;

/**
 * `queued`: a new job; `coalesced`: a job for the same issue is already waiting or running and will
 * answer this trigger too (one plan per issue at a time).
 */
export type EnqueueOutcome = "queued" | "coalesced";

export interface QueueStats {
  waiting: number;
  active: number;
}

export interface PlanQueue {
  readonly kind: string;
  /** Accepts a job; rejects with QueueClosedError once shutdown has begun, so the webhook is not acknowledged. */
  enqueue(request: PlanRequest): Promise<EnqueueOutcome>;
  /** Starts running jobs with the processor. */
  start(processor: PlanProcessor): void;
  stats(): QueueStats;
  /** Stops accepting jobs and waits up to `timeoutMs` for the accepted ones; returns those left unfinished. */
  close(timeoutMs: number): Promise<PlanRequest[]>;
}

export class QueueClosedError extends Error {
  override name = "QueueClosedError";
  constructor() {
    super("The plan queue is shutting down and accepts no new jobs; the webhook can be redelivered.");
  }
}
