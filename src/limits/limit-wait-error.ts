// A shared limit (LLM concurrency or rate) stayed full for longer than a job should hold a worker: the job is
// handed back to the queue and retried once the limit is expected to have room.

export class LimitWaitError extends Error {
  override name = "LimitWaitError";
  constructor(
    readonly limit: string,
    readonly retryAfterMs: number,
  ) {
    super(`The ${limit} limit is full; retrying in ${Math.ceil(retryAfterMs / 1000)} s.`);
  }
}
