// Slots a worker process lends to the jobs it takes over from dead workers. BullMQ moves such a job to the head of
// the wait list, but the process's regular slots may all be busy for a while (a replacement worker fills its own
// with new jobs before the dead worker's lock lapses), so the job would wait for a dead worker's sake. Each job
// this process moves back to waiting earns one credit; a credit lets one more job start on a worker of its own
// beside the regular slots, and when no credit is left that worker pauses. At most `most` jobs run on it at once
// (PLAN_CONCURRENCY): lending without a bound multiplied under repeated kills, as each dead process's extra jobs
// stalled in turn and were lent new slots.
import type { Worker } from "bullmq";

/** The part of a BullMQ worker the slots steer. */
export type LendingWorker = Pick<Worker, "pause" | "resume"> & { concurrency: number };

export class RescueSlots {
  #credits = 0;
  #running = 0;
  #worker: LendingWorker | undefined;

  constructor(private readonly most: number) {}

  /** The worker whose concurrency the slots set; created paused (autorun off). */
  attach(worker: LendingWorker): void {
    this.#worker = worker;
  }

  /** A dead worker's job went back to waiting: one more job may start beside the regular slots. */
  lend(): void {
    const worker = this.#worker;
    if (!worker || this.#running + this.#credits >= this.most) return;
    this.#credits += 1;
    worker.concurrency = this.#running + this.#credits;
    void worker.resume();
  }

  /** Runs a job the lending worker took: it spends one credit, and the worker pauses when none is left. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#credits = Math.max(0, this.#credits - 1);
    this.#running += 1;
    if (this.#credits === 0) void this.#worker?.pause(true);
    try {
      return await work();
    } finally {
      this.#running -= 1;
    }
  }

  /** Jobs running on lent slots, and credits not yet spent. */
  get state(): { running: number; credits: number } {
    return { running: this.#running, credits: this.#credits };
  }
}
