import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { LimitWaitError } from "../../src/limits/limit-wait-error.js";
import {
  type LimitStore,
  LlmLimiter,
  type LlmLimits,
  MemoryLimitStore,
} from "../../src/limits/llm-limiter.js";
import { RedisLimitStore } from "../../src/limits/redis-limit-store.js";
import { testRedis } from "../helpers/redis.js";

const shared = testRedis();
afterAll(() => shared.cleanup());

const stores: [string, () => LimitStore][] = [
  ["in memory", () => new MemoryLimitStore()],
  ["in Redis", () => new RedisLimitStore(shared.redis, `${shared.prefix}-${randomUUID()}`)],
];

const roomy: LlmLimits = {
  concurrency: 100,
  concurrencyPerInstallation: 100,
  perMinute: 1000,
  perMinutePerInstallation: 1000,
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.each(stores)("LLM limits %s", (_name, makeStore) => {
  it("runs no more requests at once than the global and per-installation limits", async () => {
    const limiter = new LlmLimiter({
      store: makeStore(),
      limits: { ...roomy, concurrency: 3, concurrencyPerInstallation: 2 },
      leaseMs: 60_000,
      maxWaitMs: 10_000,
    });
    let running = 0;
    let most = 0;
    const perInstallation = new Map<number, number>();
    let mostPerInstallation = 0;
    const gate = deferred();
    const call = (installation: number) =>
      limiter.run(installation, async () => {
        running += 1;
        perInstallation.set(installation, (perInstallation.get(installation) ?? 0) + 1);
        most = Math.max(most, running);
        mostPerInstallation = Math.max(mostPerInstallation, perInstallation.get(installation) ?? 0);
        await gate.promise;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        perInstallation.set(installation, (perInstallation.get(installation) ?? 1) - 1);
      });
    const calls = [1, 1, 1, 2, 2, 3].map(call);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running).toBe(3);
    gate.resolve();
    await Promise.all(calls);
    expect(most).toBe(3);
    expect(mostPerInstallation).toBe(2);
  });

  it("hands the job back with the time the rate limit frees up when waiting would take too long", async () => {
    let now = 1_000_000;
    const waits: string[] = [];
    const limiter = new LlmLimiter({
      store: makeStore(),
      limits: { ...roomy, perMinutePerInstallation: 2 },
      leaseMs: 60_000,
      maxWaitMs: 5_000,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      onWait: (limit) => waits.push(limit),
    });
    await limiter.run(7, async () => "first");
    now += 10_000;
    await limiter.run(7, async () => "second");
    // Another installation is not held back by installation 7's limit.
    expect(await limiter.run(8, async () => "other")).toBe("other");
    const refused = limiter.run(7, async () => "third");
    await expect(refused).rejects.toBeInstanceOf(LimitWaitError);
    await expect(refused).rejects.toMatchObject({ limit: "llm-rate-per-installation", retryAfterMs: 50_000 });
    expect(waits).toEqual(["llm-rate-per-installation"]);
  });

  it("frees a slot when the request fails", async () => {
    const limiter = new LlmLimiter({
      store: makeStore(),
      limits: { ...roomy, concurrency: 1 },
      leaseMs: 60_000,
      maxWaitMs: 1_000,
    });
    await expect(limiter.run(1, async () => Promise.reject(new Error("provider down")))).rejects.toThrow();
    expect(await limiter.run(1, async () => "next")).toBe("next");
  });
});

describe("LLM limits in Redis, shared by workers", () => {
  it("lets a slot held by a crashed worker lapse after its lease", async () => {
    const store = new RedisLimitStore(shared.redis, `${shared.prefix}-lease`);
    const limits = { ...roomy, concurrency: 1 };
    const now = Date.now();
    expect(await store.tryAcquire(1, "crashed", limits, now, 1_000)).toEqual({ ok: true });
    expect((await store.tryAcquire(2, "next", limits, now + 500, 1_000)).ok).toBe(false);
    expect(await store.tryAcquire(2, "next", limits, now + 1_001, 1_000)).toEqual({ ok: true });
  });
});
