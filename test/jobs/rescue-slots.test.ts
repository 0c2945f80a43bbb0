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

/** A claim this process wins, as when no other process claimed the taken-over job first. */
const won = async () => true;

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
    await slots.lendIf(won);
    await slots.lendIf(won);
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
    await slots.lendIf(won);
    const first = job();
    const running = slots.run(first.work);
    await slots.lendIf(won);
    await slots.lendIf(won);
    await slots.lendIf(won);
    expect(slots.state).toEqual({ running: 1, credits: 1 });
    expect(worker.concurrency).toBe(2);
    first.end();
    await running;
    // The slot the first job used is free again: one more may be lent.
    await slots.lendIf(won);
    expect(slots.state).toEqual({ running: 0, credits: 2 });
  });

  it("sets the worker's concurrency to the jobs running plus the credits, so it fetches one job per credit", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(3);
    slots.attach(worker);
    await slots.lendIf(won);
    expect(worker.concurrency).toBe(1);
    void slots.run(job().work);
    await slots.lendIf(won);
    await slots.lendIf(won);
    expect(worker.concurrency).toBe(3);
  });

  it("frees a slot when its job fails", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(1);
    slots.attach(worker);
    await slots.lendIf(won);
    await expect(slots.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(slots.state).toEqual({ running: 0, credits: 0 });
    await slots.lendIf(won);
    expect(slots.state.credits).toBe(1);
  });

  it("lends nothing before it has a worker", async () => {
    const slots = new RescueSlots(2);
    expect(await slots.lendIf(won)).toBe(false);
    expect(slots.state).toEqual({ running: 0, credits: 0 });
  });

  it("lends nothing for a job another process claimed first", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(2);
    slots.attach(worker);
    expect(await slots.lendIf(async () => false)).toBe(false);
    expect(slots.state).toEqual({ running: 0, credits: 0 });
    expect(worker.calls).toEqual([]);
  });

  it("claims no more jobs at once than it may lend, and asks for none when full", async () => {
    const worker = fakeWorker();
    const slots = new RescueSlots(2);
    slots.attach(worker);
    const asked: number[] = [];
    let answer = (_won: boolean) => {};
    const slowClaim = (id: number) => () => {
      asked.push(id);
      return new Promise<boolean>((resolve) => {
        answer = resolve;
      });
    };
    // Three jobs taken over at once: two claims go out, the third is not asked for.
    const first = slots.lendIf(slowClaim(1));
    const firstAnswer = answer;
    const second = slots.lendIf(slowClaim(2));
    const secondAnswer = answer;
    expect(await slots.lendIf(slowClaim(3))).toBe(false);
    expect(asked).toEqual([1, 2]);
    // One claim is lost to another process: its slot is free for the next job taken over.
    firstAnswer(false);
    secondAnswer(true);
    expect([await first, await second]).toEqual([false, true]);
    expect(slots.state).toEqual({ running: 0, credits: 1 });
    expect(await slots.lendIf(won)).toBe(true);
    expect(slots.state.credits).toBe(2);
  });

  it("frees the claim's place when asking for the claim fails", async () => {
    const slots = new RescueSlots(1);
    slots.attach(fakeWorker());
    await expect(slots.lendIf(() => Promise.reject(new Error("redis down")))).rejects.toThrow("redis down");
    expect(await slots.lendIf(won)).toBe(true);
  });
});
