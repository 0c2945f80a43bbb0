import { afterEach, describe, expect, it, vi } from "vitest";
import { runAtOnce, runSliced, TimeSlices } from "../src/time-slices.js";

function* steps(count: number, done: string[]): Generator<void, number> {
  for (let step = 0; step < count; step += 1) {
    done.push(`step ${step}`);
    yield;
  }
  return count;
}

describe("runSliced", () => {
  it("hands the event loop back between slices: an immediate queued before the work runs before it ends", async () => {
    const done: string[] = [];
    setImmediate(() => done.push("event loop"));
    // Slices of no time: the loop gets a turn after every step.
    const result = await runSliced(steps(3, done), new TimeSlices(0));
    expect(result).toBe(3);
    expect(done.indexOf("event loop")).toBeGreaterThan(0);
    expect(done.indexOf("event loop")).toBeLessThan(done.length - 1);
  });

  it("runs within one slice without a turn for the event loop when the work is short", async () => {
    const done: string[] = [];
    setImmediate(() => done.push("event loop"));
    await runSliced(steps(3, done), new TimeSlices(60_000));
    expect(done).toEqual(["step 0", "step 1", "step 2"]);
  });

  it("gives the same result as running the steps at once", async () => {
    expect(runAtOnce(steps(5, []))).toBe(await runSliced(steps(5, []), new TimeSlices(0)));
  });
});

describe("TimeSlices", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is due once its slice has run, and starts a new slice after the event loop's turn", async () => {
    // The clock alone is driven; the event loop's turn (setImmediate) is real.
    vi.useFakeTimers({ toFake: ["performance"] });
    const slices = new TimeSlices(20);
    vi.advanceTimersByTime(19);
    expect(slices.due()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(slices.due()).toBe(true);
    await slices.next();
    expect(slices.due()).toBe(false);
    vi.advanceTimersByTime(20);
    expect(slices.due()).toBe(true);
  });
});
