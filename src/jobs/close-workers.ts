// A worker process's shutdown on the durable queue: take no new jobs, let the running ones finish until the
// deadline, give back what still runs (another worker takes it at once), then close every connection. Each step
// has its own time limit, so a Redis that stopped answering never holds the process open.
import type { Logger } from "pino";

/** What a shutdown pauses and closes: BullMQ's workers, or anything shaped like them. */
export interface ClosableWorker {
  pause(doNotWaitActive: boolean): Promise<void>;
  close(force: boolean): Promise<void>;
}

export interface ClosingParts {
  workers: ClosableWorker[];
  /** How many jobs this process still runs. */
  running: () => number;
  /** Resolves when a running job ends (one of them, or the last one). */
  jobEnded: () => Promise<void>;
  /** Hands the jobs still running back to the queue; returns how many. */
  handBack: () => Promise<number>;
  /** Closed in order after the workers, each within CONNECTION_CLOSE_MS. */
  connections: { name: string; close: () => Promise<unknown> }[];
  log: Logger;
}

const PAUSE_MS = 2_000;
const WORKER_CLOSE_MS = 5_000;
const CONNECTION_CLOSE_MS = 2_000;

export async function closeWorkers(parts: ClosingParts, timeoutMs: number): Promise<void> {
  const { workers, log } = parts;
  if (workers.length > 0) {
    await withTimeout(Promise.all(workers.map((worker) => worker.pause(true))), PAUSE_MS).catch(
      (error: unknown) =>
        log.warn({ err: error }, "the worker did not pause within 2 s at shutdown: closing it anyway"),
    );
    await drain(parts, Date.now() + timeoutMs);
    const handedBack = await parts.handBack();
    await withTimeout(
      Promise.all(workers.map((worker) => worker.close(handedBack > 0))),
      WORKER_CLOSE_MS,
    ).catch((error: unknown) => log.warn({ err: error }, "the workers did not close within 5 s at shutdown"));
  }
  for (const { name, close } of parts.connections)
    await withTimeout(close(), CONNECTION_CLOSE_MS).catch((error: unknown) =>
      log.warn({ err: error }, `${name} did not close within 2 s at shutdown`),
    );
}

/** Waits for the running jobs to end, or for the deadline. */
async function drain(parts: ClosingParts, deadline: number): Promise<void> {
  while (parts.running() > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const timedOut = await withTimeout(parts.jobEnded(), left).then(
      () => false,
      () => true,
    );
    if (timedOut) return;
  }
}

/** Rejects when the promise has not settled within ms (the timer does not keep the process alive). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
