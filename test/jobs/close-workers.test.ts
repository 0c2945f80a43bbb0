// A worker process's shutdown: running jobs finish until the deadline, what still runs is handed back, and a
// connection that never answers does not keep the others open.
import { EventEmitter, once } from "node:events";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClosableWorker, type ClosingParts, closeWorkers } from "../../src/jobs/close-workers.js";

const log = pino({ level: "silent" });

afterEach(() => {
  vi.useRealTimers();
});

function fakeWorker() {
  const calls: string[] = [];
  const worker: ClosableWorker = {
    pause: async () => {
      calls.push("pause");
    },
    close: async (force) => {
      calls.push(force ? "close forced" : "close");
    },
  };
  return { worker, calls };
}

/** A process running `count` jobs; end() finishes one. */
function runningJobs(count: number) {
  let running = count;
  const ended = new EventEmitter();
  return {
    running: () => running,
    jobEnded: async () => {
      await once(ended, "ended");
    },
    end: () => {
      running -= 1;
      ended.emit("ended");
    },
  };
}

function parts(overrides: Partial<ClosingParts>): ClosingParts {
  return {
    workers: [],
    running: () => 0,
    jobEnded: () => new Promise(() => {}),
    handBack: async () => 0,
    connections: [],
    log,
    ...overrides,
  };
}

describe("closeWorkers", () => {
  it("waits for the running jobs to end, then closes the workers without handing anything back", async () => {
    vi.useFakeTimers();
    const { worker, calls } = fakeWorker();
    const jobs = runningJobs(2);
    const handBack = vi.fn(async () => 0);
    const start = Date.now();
    const closing = closeWorkers(parts({ workers: [worker], ...jobs, handBack }), 60_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(["pause"]);
    jobs.end();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual(["pause"]);
    jobs.end();
    await closing;
    expect(calls).toEqual(["pause", "close"]);
    expect(handBack).toHaveBeenCalledOnce();
    // Done as soon as the last job ended: the deadline was not waited out.
    expect(Date.now() - start).toBe(2_000);
  });

  it("hands back the jobs still running at the deadline and closes the workers at once", async () => {
    vi.useFakeTimers();
    const { worker, calls } = fakeWorker();
    const jobs = runningJobs(1);
    const handBack = vi.fn(async () => 1);
    let done = false;
    const closing = closeWorkers(parts({ workers: [worker], ...jobs, handBack }), 10_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(handBack).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(done).toBe(true);
    expect(handBack).toHaveBeenCalledOnce();
    expect(calls).toEqual(["pause", "close forced"]);
  });

  it("closes every connection in order, going on past one that never answers", async () => {
    vi.useFakeTimers();
    const closed: string[] = [];
    const warnings: string[] = [];
    const closing = closeWorkers(
      parts({
        connections: [
          { name: "the event stream", close: () => new Promise(() => {}) },
          {
            name: "the queue",
            close: async () => {
              closed.push("the queue");
            },
          },
        ],
        log: {
          warn: (_: unknown, message: string) => warnings.push(message),
        } as unknown as ClosingParts["log"],
      }),
      10_000,
    );
    await vi.advanceTimersByTimeAsync(1_999);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(closed).toEqual(["the queue"]);
    expect(warnings).toEqual(["the event stream did not close within 2 s at shutdown"]);
  });
});
