// Slots a worker process lends to the jobs taken over from dead workers. BullMQ moves such a job to the head of
// the wait list, but every regular slot may be busy for a while (a replacement worker fills its own with new jobs
// before the dead worker's lock lapses), so the job would wait for a dead worker's sake. Every process hears of
// every job moved back to waiting; one with a slot to lend claims the job for the cluster (one claim per job, so
// the processes do not all lend for it), and the claim earns one credit. A credit lets one more job start on a
// worker of its own beside the regular slots; when no credit is left that worker pauses. At most `most` jobs run
// on it at once (PLAN_CONCURRENCY): lending without a bound multiplied under repeated kills, as each dead
// process's extra jobs stalled in turn and were lent new slots.
import type { Worker } from "bullmq";

/** The part of a BullMQ worker the slots steer. */
export type LendingWorker = Pick<Worker, "pause" | "resume"> & { concurrency: number };

export class RescueSlots {
  #credits = 0;
  #running = 0;
  /** Claims asked for and not yet answered: they count against the bound, so two at once cannot pass it. */
  #claiming = 0;
  #worker: LendingWorker | undefined;

  constructor(private readonly most: number) {}

  /** The worker whose concurrency the slots set; created paused (autorun off). */
  attach(worker: LendingWorker): void {
    this.#worker = worker;
  }

  /**
   * A dead worker's job went back to waiting: when a slot is free, asks `claim` for the job (false when another
   * process claimed it first) and, if won, lets one more job start beside the regular slots.
   */
  async lendIf(claim: () => Promise<boolean>): Promise<boolean> {
    if (!this.#worker || this.#running + this.#credits + this.#claiming >= this.most) return false;
    this.#claiming += 1;
    let won = false;
    try {
      won = await claim();
    } finally {
      this.#claiming -= 1;
    }
    if (!won) return false;
    this.#credits += 1;
    this.#worker.concurrency = this.#running + this.#credits;
    void this.#worker.resume();
    return true;
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
