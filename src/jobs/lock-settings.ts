// How long a dead worker keeps what it held, as BullMQ and the queue's own records are set from JOB_LOCK_MS.
/**
 * BullMQ's settings for a takeover within `takeoverMs` of a worker's death: its job lock, renewed every half
 * lock, lapses at most 0.6 of it later; the stalled check (once per interval across all workers) marks the job at
 * one check and moves it at the next one that finds the lock gone, at most 0.3 after that. The last tenth is left
 * for timers a busy machine runs late (a lock of two thirds and a check every third left none: one release took
 * 11.2 s of a 10 s takeover). A live worker's event loop may stall for 0.3 of it before its lock lapses.
 */
export function lockSettings(takeoverMs: number): {
  lockDuration: number;
  stalledInterval: number;
  issueLockMs: number;
  heartbeatMs: number;
} {
  const step = Math.max(Math.floor(takeoverMs * 0.3), 100);
  return { lockDuration: 2 * step, stalledInterval: step, issueLockMs: takeoverMs, heartbeatMs: step };
}
