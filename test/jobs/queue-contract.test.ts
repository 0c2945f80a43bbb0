// The job semantics both queues keep (plan-queue.ts), run against the in-process queue and the Redis queue (on
// the machine's Redis): redeliveries are no-ops, triggers settle into one job, a trigger during a run makes one
// follow-up, one job per issue at a time, retries honour retry-after, shutdown refuses new work.
import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import {
  type JobAttempt,
  type PlanQueue,
  QueueClosedError,
  type QueueSettings,
  RetryLaterError,
} from "../../src/jobs/plan-queue.js";
import type { PlanRequest } from "../../src/jobs/plan-request.js";
import { RedisQueue } from "../../src/jobs/redis-queue.js";
import { createRedis } from "../../src/redis/create-redis.js";
import { TEST_REDIS_URL, testRedis } from "../helpers/redis.js";

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const label = { kind: "label", actor: "a", label: "needs-plan" } as const;

function request(issueNumber: number, trigger: PlanRequest["trigger"] = label): PlanRequest {
  return {
    owner: "acme",
    repo: "web",
    issueNumber,
    installationId: 1,
    deliveryId: randomUUID(),
    defaultBranch: "main",
    issue: { title: "t", body: null, labels: [] },
    trigger,
    config: defaultRepoConfig(),
    configProblems: [],
  };
}

const command = (issueNumber: number, instructions: string) =>
  request(issueNumber, { kind: "command", actor: "a", commentId: 5, action: "plan", instructions });

/** A processor whose jobs finish when the test says, recording what ran and with which attempt. */
function controlled(behaviour: (job: PlanRequest, attempt: JobAttempt) => Promise<void> | void = () => {}) {
  const runs: { issue: number; trigger: PlanRequest["trigger"]; attempt: JobAttempt; at: number }[] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  let running = new Map<number, number>();
  let overlap = false;
  let atOnce = 0;
  let mostAtOnce = 0;
  const processor = async (job: PlanRequest, attempt: JobAttempt) => {
    runs.push({ issue: job.issueNumber, trigger: job.trigger, attempt, at: Date.now() });
    if ((running.get(job.issueNumber) ?? 0) > 0) overlap = true;
    running.set(job.issueNumber, (running.get(job.issueNumber) ?? 0) + 1);
    atOnce += 1;
    mostAtOnce = Math.max(mostAtOnce, atOnce);
    try {
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      await behaviour(job, attempt);
    } finally {
      running.set(job.issueNumber, (running.get(job.issueNumber) ?? 1) - 1);
      atOnce -= 1;
    }
  };
  return {
    processor,
    runs,
    holdJobs: () => {
      hold = true;
    },
    releaseAll: () => {
      hold = false;
      for (const gate of gates.splice(0)) gate();
    },
    overlapped: () => overlap,
    /** The most jobs (of any issues) that ran at the same time. */
    mostAtOnce: () => mostAtOnce,
    reset: () => {
      running = new Map();
    },
  };
}

interface Made {
  queue: PlanQueue;
  close: () => Promise<void>;
}

const redisQueues: RedisQueue[] = [];
const implementations: [string, (settings: Partial<QueueSettings>) => Made][] = [
  [
    "in-process",
    (settings) => {
      const queue = new InProcessQueue({ concurrency: 2, attempts: 1, settleMs: 0, log, ...settings });
      return { queue, close: async () => void (await queue.close(10)) };
    },
  ],
  [
    "redis",
    (settings) => {
      const name = `test-${randomUUID().slice(0, 8)}`;
      const queue = new RedisQueue({
        url: TEST_REDIS_URL,
        name,
        log,
        concurrency: 2,
        attempts: 1,
        settleMs: 0,
        backoff: { baseMs: 50, maxMs: 1_000 },
        ...settings,
      });
      redisQueues.push(queue);
      return {
        queue,
        close: async () => {
          await queue.close(1_000);
          const { redis, cleanup } = testRedis();
          const keys = await redis.keys(`*${name}*`);
          if (keys.length > 0) await redis.del(...keys);
          await cleanup();
        },
      };
    },
  ],
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function make(factory: (settings: Partial<QueueSettings>) => Made, settings: Partial<QueueSettings> = {}) {
  const made = factory(settings);
  cleanups.push(made.close);
  return made.queue;
}

const waitFor = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 8_000, interval: 20 });

/**
 * Waits until the queue holds no job waiting, running or delayed (a retry or a follow-up included): from then
 * on nothing runs that the test did not enqueue, so "it ran N times" is final. Better than waiting a while,
 * which proves nothing for a job the Redis queue only looks at again after 2 s.
 */
const drained = (queue: PlanQueue) =>
  waitFor(async () => {
    const { waiting, active, delayed } = await queue.stats();
    expect({ waiting, active, delayed }).toEqual({ waiting: 0, active: 0, delayed: 0 });
  });

/** A Redis queue on a port nothing listens on. */
function unreachableQueue(name: string): RedisQueue {
  return new RedisQueue({
    url: "redis://127.0.0.1:1",
    name,
    log,
    concurrency: 1,
    attempts: 1,
    settleMs: 0,
    backoff: { baseMs: 50, maxMs: 1_000 },
  });
}

/** Options for Redis queues sharing a fresh name, whose keys are deleted after the test. */
function sharedRedisQueue(concurrency: number) {
  const name = `test-${randomUUID().slice(0, 8)}`;
  cleanups.push(async () => {
    const { redis, cleanup } = testRedis();
    const keys = await redis.keys(`*${name}*`);
    if (keys.length > 0) await redis.del(...keys);
    await cleanup();
  });
  return {
    url: TEST_REDIS_URL,
    name,
    log,
    concurrency,
    attempts: 1,
    settleMs: 0,
    backoff: { baseMs: 50, maxMs: 1_000 },
    takeoverMs: 1_500,
  };
}

describe.each(implementations)("%s queue", (_name, factory) => {
  it("runs a job once; a redelivered webhook is a no-op", async () => {
    const queue = make(factory);
    const control = controlled();
    queue.start(control.processor);
    const first = request(1);
    expect(await queue.enqueue(first)).toBe("queued");
    await waitFor(() => expect(control.runs).toHaveLength(1));
    for (let n = 0; n < 5; n += 1) expect(await queue.enqueue({ ...first })).toBe("duplicate");
    await drained(queue);
    expect(control.runs).toHaveLength(1);
  });

  it("admits a burst of deliveries sent together, each with its own outcome, and runs each issue once", async () => {
    // Redis: the enqueues of one event-loop turn go to Redis in one pipeline (create-redis.ts).
    const queue = make(factory, { settleMs: 300 });
    const control = controlled();
    queue.start(control.processor);
    const firsts = Array.from({ length: 30 }, (_, index) => request(100 + index));
    const outcomes = await Promise.all([
      ...firsts.map((one) => queue.enqueue(one)),
      ...firsts.slice(0, 10).map((one) => queue.enqueue({ ...one })),
      ...firsts.slice(10, 20).map((one) => queue.enqueue(command(one.issueNumber, "also this"))),
    ]);
    expect(outcomes).toEqual([
      ...Array(30).fill("queued"),
      ...Array(10).fill("duplicate"),
      ...Array(10).fill("coalesced"),
    ]);
    await waitFor(() => expect(control.runs).toHaveLength(30));
    await drained(queue);
    expect(new Set(control.runs.map((run) => run.issue)).size).toBe(30);
    const commands = control.runs.filter((run) => run.trigger.kind === "command").map((run) => run.issue);
    expect(commands.sort()).toEqual(firsts.slice(10, 20).map((one) => one.issueNumber));
  });

  it("merges triggers that arrive within the settle delay into one job, keeping a command's guidance", async () => {
    const queue = make(factory, { settleMs: 300 });
    const control = controlled();
    queue.start(control.processor);
    expect(await queue.enqueue(request(2))).toBe("queued");
    expect(await queue.enqueue(command(2, "use redis"))).toBe("coalesced");
    expect(await queue.enqueue(request(2))).toBe("coalesced");
    await waitFor(() => expect(control.runs).toHaveLength(1));
    await drained(queue);
    expect(control.runs).toHaveLength(1);
    expect(control.runs[0]?.trigger).toMatchObject({ kind: "command", instructions: "use redis" });
  });

  it("runs one follow-up after the issue's running job for triggers that came meanwhile", async () => {
    const queue = make(factory);
    const control = controlled();
    control.holdJobs();
    queue.start(control.processor);
    await queue.enqueue(request(3));
    await waitFor(() => expect(control.runs).toHaveLength(1));
    expect(await queue.enqueue(command(3, "first"))).toBe("queued");
    expect(await queue.enqueue(command(3, "second"))).toBe("coalesced");
    // The issue's job still runs: its follow-up has been looked at and waits. The in-process queue decides
    // within enqueue() and keeps it waiting; a Redis worker takes it, finds the issue busy and delays it.
    await waitFor(async () =>
      expect(await queue.stats()).toMatchObject(
        queue.kind === "redis"
          ? { active: 1, waiting: 0, delayed: 1 }
          : { active: 1, waiting: 1, delayed: 0 },
      ),
    );
    expect(control.runs).toHaveLength(1);
    control.releaseAll();
    await waitFor(() => expect(control.runs).toHaveLength(2));
    control.releaseAll();
    await drained(queue);
    expect(control.runs).toHaveLength(2);
    expect(control.runs[1]?.trigger).toMatchObject({ kind: "command", instructions: "second" });
    expect(control.overlapped()).toBe(false);
  });

  it("runs different issues side by side, up to its concurrency", async () => {
    const queue = make(factory, { concurrency: 2 });
    const control = controlled();
    control.holdJobs();
    queue.start(control.processor);
    for (let n = 10; n < 14; n += 1) await queue.enqueue(request(n));
    await waitFor(() => expect(control.runs).toHaveLength(2));
    // The other two are there to be taken, and are not while two run.
    await waitFor(async () => expect(await queue.stats()).toMatchObject({ active: 2, waiting: 2 }));
    expect(control.runs).toHaveLength(2);
    control.releaseAll();
    await waitFor(() => expect(control.runs).toHaveLength(4));
    await drained(queue);
    expect(control.mostAtOnce()).toBe(2);
  });

  it("retries a failed attempt no sooner than retry-after says, and tells the last attempt it is the last", async () => {
    const queue = make(factory, { attempts: 3, backoff: { baseMs: 10, maxMs: 50 } });
    const control = controlled((_job, attempt) => {
      if (!attempt.final) throw new RetryLaterError(300, "llm-429");
    });
    queue.start(control.processor);
    await queue.enqueue(request(20));
    await waitFor(() => expect(control.runs).toHaveLength(3));
    await drained(queue);
    expect(control.runs).toHaveLength(3);
    expect(control.runs.map(({ attempt: { number, final, rerun } }) => ({ number, final, rerun }))).toEqual([
      { number: 1, final: false, rerun: false },
      { number: 2, final: false, rerun: true },
      { number: 3, final: true, rerun: true },
    ]);
    const [first, second] = control.runs;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it("starts a retry, once its delay is over, before the issues still waiting for their first attempt", async () => {
    const queue = make(factory, { concurrency: 1, attempts: 2, backoff: { baseMs: 10, maxMs: 50 } });
    const order: string[] = [];
    let failedAt = 0;
    let releaseSecond = () => {};
    const secondHeld = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    queue.start(async (job, attempt) => {
      order.push(`${job.issueNumber}#${attempt.number}`);
      if (job.issueNumber === 40 && attempt.number === 1) {
        for (let n = 41; n <= 43; n += 1) await queue.enqueue(request(n));
        failedAt = Date.now();
        throw new RetryLaterError(150, "llm-429");
      }
      if (job.issueNumber === 41) await secondHeld;
    });
    await queue.enqueue(request(40));
    await waitFor(() => expect(order).toContain("41#1"));
    // The retry is due while the second issue still runs: when it ends, the queue picks the retry.
    await waitFor(() => expect(Date.now() - failedAt).toBeGreaterThan(300));
    releaseSecond();
    await waitFor(() => expect(order).toHaveLength(5));
    await drained(queue);
    expect(order).toEqual(["40#1", "41#1", "40#2", "42#1", "43#1"]);
  });

  it("does not retry once the last attempt failed", async () => {
    const queue = make(factory, { attempts: 1 });
    const control = controlled(() => {
      throw new Error("boom");
    });
    queue.start(control.processor);
    await queue.enqueue(request(21));
    await queue.enqueue(request(22));
    await waitFor(() => expect(control.runs).toHaveLength(2));
    await drained(queue);
    expect(control.runs).toHaveLength(2);
  });

  it("refuses new jobs once closing, with a status the webhook answers", async () => {
    const queue = make(factory);
    queue.start(controlled().processor);
    await queue.close(100);
    const refused = queue.enqueue(request(30));
    await expect(refused).rejects.toBeInstanceOf(QueueClosedError);
    await expect(refused).rejects.toMatchObject({ status: 503 });
  });

  it("reports its state", async () => {
    const queue = make(factory);
    expect((await queue.health()).ok).toBe(true);
    await queue.enqueue(request(40));
    await waitFor(async () => expect((await queue.stats()).waiting + (await queue.stats()).delayed).toBe(1));
  });
});

/**
 * A worker that takes the issues' jobs and dies holding them: a plain BullMQ worker that stops renewing their locks
 * as a killed process does (a forced close leaves the jobs active with their locks).
 */
async function dieHolding(queue: RedisQueue, name: string, issues: number[]): Promise<void> {
  const dying = new Worker(name, () => new Promise<never>(() => {}), {
    connection: createRedis(TEST_REDIS_URL, "patient"),
    concurrency: issues.length,
    lockDuration: 3_000,
    // As every worker of a queue has: the interval is also the stalled check's turn, shared by all workers.
    stalledInterval: 500,
  });
  let taken = 0;
  const allTaken = new Promise<void>((resolve) =>
    dying.on("active", () => {
      taken += 1;
      if (taken === issues.length) resolve();
    }),
  );
  for (const issue of issues) await queue.enqueue(request(issue));
  await allTaken;
  await dying.close(true);
}

describe("redis queue only", () => {
  it("hands a job whose worker died to another worker, with the requests the first one took", async () => {
    const options = sharedRedisQueue(1);
    const dying = new RedisQueue(options);
    const survivor = new RedisQueue(options);
    cleanups.unshift(() => survivor.close(1_000).then(() => undefined));
    let started = 0;
    let signal: AbortSignal | undefined;
    // The first worker takes the job and never answers again; its shutdown hands the job back.
    dying.start(async (_request, attempt) => {
      started += 1;
      signal = attempt.signal;
      await new Promise(() => {});
    });
    await dying.enqueue(command(50, "keep me"));
    await waitFor(() => expect(started).toBe(1));
    await dying.close(0).catch(() => undefined);
    // Whatever the first worker still does must write nothing: its job is told so.
    expect(signal?.aborted).toBe(true);

    const control = controlled();
    survivor.start(control.processor);
    await waitFor(() => expect(control.runs).toHaveLength(1));
    expect(control.runs[0]?.attempt.rerun).toBe(true);
    expect(control.runs[0]?.attempt.signal?.aborted).toBe(false);
    expect(control.runs[0]?.trigger).toMatchObject({ kind: "command", instructions: "keep me" });
  }, 15_000);

  it("starts the jobs taken over from a dead worker at once, though its regular slots are busy", async () => {
    const options = sharedRedisQueue(2);
    const survivor = new RedisQueue(options);
    cleanups.unshift(() => survivor.close(1_000).then(() => undefined));
    await dieHolding(survivor, options.name, [60, 64]);

    const control = controlled();
    control.holdJobs();
    await survivor.enqueue(request(61));
    await survivor.enqueue(request(62));
    survivor.start(control.processor);
    await waitFor(() => expect(control.runs.map((run) => run.issue)).toEqual([61, 62]));
    // Issues 61 and 62 hold the survivor's regular slots until the end: 60 and 64 run beside them.
    await waitFor(() => expect(control.runs.map((run) => run.issue).sort()).toEqual([60, 61, 62, 64]));
    expect(control.mostAtOnce()).toBe(4);
    control.releaseAll();
    await drained(survivor);
    // The lent slots closed behind the taken-over jobs: of three new jobs, one waits for a regular slot.
    control.holdJobs();
    for (const issue of [65, 66, 67]) await survivor.enqueue(request(issue));
    await waitFor(() => expect(control.runs).toHaveLength(6));
    await expect.poll(async () => (await survivor.stats()).waiting).toBe(1);
    control.releaseAll();
    await waitFor(() => expect(control.runs).toHaveLength(7));
  }, 20_000);

  it("lends the jobs of a dead worker slots in any process that has one free, one slot per job", async () => {
    // Two survivors of one slot each: each may lend one, so the dead worker's two jobs need both of them,
    // whichever process's stalled check moved the jobs back to waiting.
    const options = sharedRedisQueue(1);
    const survivors = [new RedisQueue(options), new RedisQueue(options)];
    for (const survivor of survivors) cleanups.unshift(() => survivor.close(1_000).then(() => undefined));
    const [first, second] = survivors as [RedisQueue, RedisQueue];
    await dieHolding(first, options.name, [80, 84]);

    const control = controlled();
    control.holdJobs();
    await first.enqueue(request(81));
    await first.enqueue(request(82));
    first.start(control.processor);
    second.start(control.processor);
    await waitFor(() => expect(control.runs.map((run) => run.issue).sort()).toEqual([81, 82]));
    // 81 and 82 hold both regular slots until the end: 80 and 84 run beside them, one in each process.
    await waitFor(() => expect(control.runs.map((run) => run.issue).sort()).toEqual([80, 81, 82, 84]));
    expect(control.mostAtOnce()).toBe(4);
    control.releaseAll();
    await drained(first);
  }, 20_000);

  it("reports a job whose workers kept dying instead of running it again, and never drops it", async () => {
    const options = { ...sharedRedisQueue(1), stoppedLimit: 2 };
    const survivor = new RedisQueue(options);
    cleanups.unshift(() => survivor.close(1_000).then(() => undefined));
    await survivor.enqueue(request(70));
    // Two workers in turn take the job and die (a forced close leaves it active with its lock); the second
    // one's stalled check hands it over from the first.
    for (let death = 0; death < 2; death += 1) {
      const dying = new Worker(options.name, () => new Promise<never>(() => {}), {
        connection: createRedis(TEST_REDIS_URL, "patient"),
        lockDuration: 600,
        stalledInterval: 300,
        maxStalledCount: 10,
      });
      await new Promise<void>((resolve) => dying.once("active", () => resolve()));
      await dying.close(true);
    }
    const control = controlled();
    survivor.start(control.processor);
    await waitFor(() => expect(control.runs).toHaveLength(1));
    expect(control.runs[0]?.attempt).toMatchObject({ final: true, stoppedTimes: 2 });
    await drained(survivor);
    expect((await survivor.stats()).failed).toBe(0);
  }, 20_000);

  it("discards the warm-up queue whole, and nothing of a deployment sharing the Redis", async () => {
    const options = sharedRedisQueue(1);
    const deployment = make(() => {
      const queue = new RedisQueue(options);
      return { queue, close: async () => void (await queue.close(100)) };
    });
    await deployment.enqueue(request(70));
    const warmUp = new RedisQueue({ ...options, name: `${options.name}.warm-up` });
    for (let issue = 71; issue < 81; issue += 1) await warmUp.enqueue(request(issue));
    await warmUp.enqueue(command(71, "merged into the queued job"));
    const { redis, cleanup } = testRedis();
    try {
      expect((await redis.keys(`*${options.name}.warm-up*`)).length).toBeGreaterThan(20);
      const before = (await redis.keys(`*${options.name}*`))
        .filter((key) => !key.includes(".warm-up"))
        .sort();
      await warmUp.discard();
      expect(await redis.keys(`*${options.name}.warm-up*`)).toEqual([]);
      // The deployment's own queue keeps its job and every key it had.
      expect((await redis.keys(`*${options.name}*`)).sort()).toEqual(before);
      expect(await deployment.stats()).toMatchObject({ waiting: 1 });
      await expect(warmUp.enqueue(request(82))).rejects.toMatchObject({ status: 503 });
    } finally {
      await cleanup();
    }
  });

  it("answers 503 when Redis cannot be reached, instead of acknowledging and dropping the trigger", async () => {
    const queue = unreachableQueue("unreachable");
    const refused = queue.enqueue(request(60));
    await expect(refused).rejects.toMatchObject({ status: 503, name: "QueueUnavailableError" });
    expect((await queue.health()).ok).toBe(false);
    await queue.close(10);
  });

  it("gives up discarding a queue whose Redis does not answer, and closes it", async () => {
    const queue = unreachableQueue("unreachable.warm-up");
    await expect(queue.discard(100)).rejects.toThrow("no answer within 100 ms");
    await expect(queue.enqueue(request(61))).rejects.toMatchObject({ name: "QueueClosedError" });
  });
});
