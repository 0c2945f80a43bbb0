// Long CPU-bound work (indexing a commit's files, finding its imports) done in slices, handing the event loop back
// between them. Reading a large repository is otherwise one unbroken run of several seconds (tens of seconds at
// 100,000 files) in which the process answers no webhook, renews no job lock and sends no heartbeat: a job whose
// lock lapses is taken over by another worker while it still runs. Awaiting a promise that is already resolved
// does not hand the loop back (microtasks run before any timer or I/O): a slice ends on `setImmediate`.
import { setImmediate } from "node:timers/promises";

/** How long a slice of work runs before the event loop gets a turn. */
const SLICE_MS = 20;

export class TimeSlices {
  #start = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice has run its time: then `next()` before going on. */
  due(): boolean {
    return performance.now() - this.#start >= this.sliceMs;
  }

  /** Ends the slice: resolves once the event loop has run its timers and I/O. */
  async next(): Promise<void> {
    await setImmediate();
    this.#start = performance.now();
  }
}

/** Runs work given as steps (a generator's yields) to the end in slices. */
export async function runSliced<T>(steps: Generator<unknown, T>, slices: TimeSlices): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slices.due()) await slices.next();
  }
}

/** Runs the same steps at once, for callers that need the result synchronously. */
export function runAtOnce<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
