// The wait before a job's next attempt: exponential from a base, with jitter so a burst of failed jobs does not
// retry in lockstep, capped, and never shorter than what the server asked for.

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** `attempt`: the attempt that just failed, from 1. `random` in [0, 1). */
export function retryDelay(
  attempt: number,
  settings: BackoffSettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": half fixed, half random, so the delay still grows with each attempt.
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
