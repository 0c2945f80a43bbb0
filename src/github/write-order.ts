// The order of a job's GitHub writes among those its process has queued in Probot's write spacing. A job run again
// (taken over from a dead worker, or retried) has waited once already: its writes go ahead of those of the
// process's other jobs, so it ends sooner and frees the slot it was lent sooner. The spacing reads the order of the
// job it serves from the async context (leased-throttling.ts).
import { AsyncLocalStorage } from "node:async_hooks";

/** Bottleneck's priority (0 first, 5 by default) of the writes of the job running in the current async context. */
export const writeOrder = new AsyncLocalStorage<number>();
const AHEAD = 2;

/**
 * Runs `work` with its spaced GitHub writes ahead of those its process's other jobs queued. Across processes the
 * spacing still serves each its turn (Bottleneck's priority orders one process's queue only).
 */
export function writesFirst<T>(work: () => Promise<T>): Promise<T> {
  return writeOrder.run(AHEAD, work);
}
