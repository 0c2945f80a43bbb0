import { describe, expect, it } from "vitest";
import { type LendingWorker, RescueSlots } from "../../src/jobs/rescue-slots.js";

/** A worker that records what the slots tell it. */
function fakeWorker() {
  const calls: string[] = [];
  const worker: LendingWorker & { calls: string[] } = {
    calls,
    concurrency: 1,
    pause: async () => void calls.push("pause"),
    resume: async () => void calls.push("resume"),
  };
  return worker;
}

/** A job that runs until the test ends it. */
function job() {
  let end = () => {};
  const done = new Promise<void>((resolve) => {
    end = resolve;
  });
  return { work: () => done, end };
}

describe("RescueSlots", () => {
  it("lets one job start per job taken over, and pauses when the credits are spent", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(2);
    slots.attach(worker);
    slots.lend();
    slots.lend();
    expect(worker.concurrency).toBe(2);
    expect(worker.calls).toEqual(["resume", "resume"]);
    const first = job();
    const running = slots.run(first.work);
    expect(slots.state).toEqual({ running: 1, credits: 1 });
    expect(worker.calls).not.toContain("pause");
    const second = job();
    const alsoRunning = slots.run(second.work);
    expect(slots.state).toEqual({ running: 2, credits: 0 });
    expect(worker.calls.at(-1)).toBe("pause");
    first.end();
    second.end();
    await Promise.all([running, alsoRunning]);
    expect(slots.state).toEqual({ running: 0, credits: 0 });
  });

  it("lends no more than its bound, counting the jobs still running on lent slots", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(2);
    slots.attach(worker);
    slots.lend();
    const first = job();
    const running = slots.run(first.work);
    slots.lend();
    slots.lend();
    slots.lend();
    expect(slots.state).toEqual({ running: 1, credits: 1 });
    expect(worker.concurrency).toBe(2);
    first.end();
    await running;
    // The slot the first job used is free again: one more may be lent.
    slots.lend();
    expect(slots.state).toEqual({ running: 0, credits: 2 });
  });

  it("sets the worker's concurrency to the jobs running plus the credits, so it fetches one job per credit", () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(3);
    slots.attach(worker);
    slots.lend();
    expect(worker.concurrency).toBe(1);
    void slots.run(job().work);
    slots.lend();
    slots.lend();
    expect(worker.concurrency).toBe(3);
  });

  it("frees a slot when its job fails", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(1);
    slots.attach(worker);
    slots.lend();
    await expect(slots.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(slots.state).toEqual({ running: 0, credits: 0 });
    slots.lend();
    expect(slots.state.credits).toBe(1);
  });

  it("lends nothing before it has a worker", () => {
    const slots = new RescueSlots(2);
    slots.lend();
    expect(slots.state).toEqual({ running: 0, credits: 0 });
  });
});
