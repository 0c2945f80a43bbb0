// What health checks and metrics read of a job queue, whichever queue it is (the queue implements it).

export interface QueueStats {
  waiting: number;
  active: number;
  /** Waiting for their settle delay or for a retry. */
  delayed: number;
  /** Jobs that used all their attempts and are kept for inspection (Redis queue only). */
  failed: number;
}

export interface QueueHealth {
  ok: boolean;
  /** e.g. the Redis connection's state. */
  detail: string;
}

export interface QueueProbe {
  readonly kind: "in-process" | "redis";
  stats(): Promise<QueueStats>;
  health(): Promise<QueueHealth>;
}
