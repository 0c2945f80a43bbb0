// Two worker processes' listeners on the machine's Redis hear the queue's "stalled" events (written to the event
// stream as BullMQ's stalled check writes them) and lend one slot per job taken over, in one process only.
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { listenForTakeovers } from "../../src/jobs/rescue-claims.js";
import { type LendingWorker, RescueSlots } from "../../src/jobs/rescue-slots.js";
import { TEST_REDIS_URL, testRedis } from "../helpers/redis.js";

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function idleWorker(): LendingWorker {
  return { concurrency: 1, pause: async () => {}, resume: async () => {} };
}

/** A worker process's slots and listener, each with a slot to lend. */
async function workerProcess(name: string, claimKey: (jobId: string) => string) {
  const { redis, cleanup } = testRedis();
  const slots = new RescueSlots(1);
  slots.attach(idleWorker());
  const listener = listenForTakeovers(
    { url: TEST_REDIS_URL, name, claimKey, claimMs: 5_000, log },
    slots,
    redis,
    () => false,
  );
  cleanups.push(async () => {
    await listener.close();
    await cleanup();
  });
  await listener.ready;
  return slots;
}

describe("listenForTakeovers", () => {
  it("lends one slot per job taken over, in whichever process claims it first", async () => {
    const { redis, prefix, cleanup } = testRedis();
    cleanups.push(cleanup);
    const name = `${prefix}-queue`;
    const claimKey = (jobId: string) => `${name}:app:rescue:${jobId}`;
    const processes = await Promise.all([workerProcess(name, claimKey), workerProcess(name, claimKey)]);
    const lent = () => processes.reduce((sum, slots) => sum + slots.state.credits, 0);
    // Both listeners are ready: every event written from now on is heard, in the stream's order.
    const stall = (jobId: string) =>
      redis.xadd(`bull:${name}:events`, "*", "event", "stalled", "jobId", jobId);
    await stall("job-1");
    // Heard again (as a repeated event would be), the same job is not lent a second slot anywhere: the process
    // that lost the first claim is still free when job-2 comes.
    for (let again = 0; again < 3; again += 1) await stall("job-1");
    await stall("job-2");
    await vi.waitFor(
      async () => {
        expect(lent()).toBe(2);
        expect(await redis.exists(claimKey("job-2"))).toBe(1);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(processes.map((slots) => slots.state.credits).sort()).toEqual([1, 1]);
    expect(await redis.exists(claimKey("job-1"), claimKey("job-2"))).toBe(2);
    expect(await redis.pttl(claimKey("job-1"))).toBeLessThanOrEqual(5_000);
  }, 15_000);
});
