import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import { QueueClosedError } from "../../src/jobs/plan-queue.js";
import type { PlanRequest } from "../../src/jobs/plan-request.js";

const log = pino({ level: "silent" });

function request(
  issueNumber: number,
  trigger: PlanRequest["trigger"] = { kind: "label", actor: "a", label: "needs-plan" },
) {
  return {
    owner: "acme",
    repo: "web",
    issueNumber,
    installationId: 1,
    deliveryId: `d-${issueNumber}-${trigger.kind}`,
    defaultBranch: "main",
    issue: { title: "t", body: null, labels: [] },
    trigger,
    config: defaultRepoConfig(),
    configProblems: [],
  } satisfies PlanRequest;
}

/** A processor whose jobs finish only when the test releases them. */
function controlledProcessor() {
  const started: PlanRequest[] = [];
  const releases: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const processor = (job: PlanRequest) =>
    new Promise<void>((resolve) => {
      started.push(job);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      releases.push(() => {
        running -= 1;
        resolve();
      });
    });
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { processor, started, releaseAll, maxRunning: () => maxRunning };
}

describe("InProcessQueue", () => {
  it("runs no more jobs at once than its concurrency limit", async () => {
    const queue = new InProcessQueue({ concurrency: 2, log });
    const control = controlledProcessor();
    queue.start(control.processor);
    for (let n = 1; n <= 5; n += 1) await queue.enqueue(request(n));
    expect(queue.stats()).toEqual({ waiting: 3, active: 2 });
    expect(control.started).toHaveLength(2);
    const idle = queue.onIdle();
    await control.releaseAll();
    await idle;
    expect(control.started.map((job) => job.issueNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(control.maxRunning()).toBe(2);
  });

  it("coalesces triggers for an issue that is waiting or running into one job", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    const control = controlledProcessor();
    queue.start(control.processor);
    expect(await queue.enqueue(request(1))).toBe("queued");
    expect(await queue.enqueue(request(1))).toBe("coalesced"); // running
    expect(await queue.enqueue(request(2))).toBe("queued");
    const command = request(2, {
      kind: "command",
      actor: "a",
      commentId: 5,
      action: "plan",
      instructions: "use redis",
    });
    expect(await queue.enqueue(command)).toBe("coalesced"); // waiting: the guidance replaces the label trigger
    expect(await queue.enqueue(request(2))).toBe("coalesced"); // a later label keeps the guidance
    const idle = queue.onIdle();
    await control.releaseAll();
    await idle;
    expect(control.started.map((job) => job.issueNumber)).toEqual([1, 2]);
    expect(control.started[1]?.trigger).toMatchObject({ kind: "command", instructions: "use redis" });
  });

  it("treats issue keys case-insensitively, as GitHub does for owner and repository names", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    queue.start(controlledProcessor().processor);
    await queue.enqueue(request(1));
    expect(await queue.enqueue({ ...request(1), owner: "ACME", repo: "Web" })).toBe("coalesced");
  });

  it("drains waiting and running jobs on close and refuses new ones", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    const control = controlledProcessor();
    queue.start(control.processor);
    await queue.enqueue(request(1));
    await queue.enqueue(request(2));
    const closing = queue.close(5_000);
    await expect(queue.enqueue(request(3))).rejects.toBeInstanceOf(QueueClosedError);
    await control.releaseAll();
    await control.releaseAll();
    expect(await closing).toEqual([]);
    expect(control.started.map((job) => job.issueNumber)).toEqual([1, 2]);
  });

  it("returns the jobs left unfinished when the shutdown deadline passes", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    queue.start(controlledProcessor().processor);
    await queue.enqueue(request(1));
    await queue.enqueue(request(2));
    const left = await queue.close(20);
    expect(left.map((job) => job.issueNumber)).toEqual([1, 2]);
  });

  it("keeps running after a job throws", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    const seen: number[] = [];
    queue.start(async (job) => {
      seen.push(job.issueNumber);
      if (job.issueNumber === 1) throw new Error("boom");
    });
    await queue.enqueue(request(1));
    await queue.enqueue(request(2));
    await queue.onIdle();
    expect(seen).toEqual([1, 2]);
  });

  it("holds jobs until a processor is started", async () => {
    const queue = new InProcessQueue({ concurrency: 1, log });
    await queue.enqueue(request(1));
    expect(queue.stats()).toEqual({ waiting: 1, active: 0 });
  });
});
