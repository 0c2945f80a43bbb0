import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
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
    const waits: string[] = [];
    const limiter = new LlmLimiter({
      store: makeStore(),
      limits: { ...roomy, concurrency: 3, concurrencyPerInstallation: 2 },
      leaseMs: 60_000,
      maxWaitMs: 10_000,
      onWait: (limit) => waits.push(limit),
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
        running -= 1;
        perInstallation.set(installation, (perInstallation.get(installation) ?? 1) - 1);
      });
    const calls = [1, 1, 1, 2, 2, 3].map(call);
    // Three calls hold the slots and the other three have been refused one: the limiter has decided about every
    // call (a refused call looks again only after 50 ms, so three refusals are three calls).
    await vi.waitFor(() => {
      expect(running).toBe(3);
      expect(waits.length).toBeGreaterThanOrEqual(3);
    });
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

  it("keeps the slot of a call that outlives its lease by renewing it, and frees it when the call ends", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const store = renewalCounting(makeStore());
    const limits = { ...roomy, concurrencyPerInstallation: 1 };
    let now = 5_000_000;
    const limiter = new LlmLimiter({ store, limits, leaseMs: 300, maxWaitMs: 0, now: () => now });
    const gate = deferred();
    const started = deferred();
    const slow = limiter.run(1, async () => {
      started.resolve();
      await gate.promise;
      return "slow answer";
    });
    await started.promise;
    // Ten renewal periods: more than three leases past the slot's first lease end.
    for (let period = 1; period <= 10; period += 1) {
      now += 100;
      vi.advanceTimersByTime(100);
      await store.renewed(period);
    }
    expect(await store.tryAcquire(1, "another", limits, now + 299, 300)).toMatchObject({
      ok: false,
      limit: "llm-concurrency-per-installation",
    });
    gate.resolve();
    expect(await slow).toBe("slow answer");
    // The interval is cleared with the call: no renewal re-takes the released slot.
    vi.advanceTimersByTime(1_000);
    expect(store.renewals).toBe(10);
    expect(await store.tryAcquire(1, "another", limits, now, 300)).toEqual({ ok: true });
  });

  it("lets the slot of a worker that stopped renewing lapse one lease after its last renewal", async () => {
    const store = makeStore();
    const limits = { ...roomy, concurrencyPerInstallation: 1 };
    const now = 7_000_000;
    expect(await store.tryAcquire(3, "died", limits, now, 1_000)).toEqual({ ok: true });
    await store.renew(3, "died", now + 5_000, 1_000);
    expect((await store.tryAcquire(3, "next", limits, now + 5_999, 1_000)).ok).toBe(false);
    expect(await store.tryAcquire(3, "next", limits, now + 6_001, 1_000)).toEqual({ ok: true });
  });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A store that counts finished renewals, so a test can wait for the n-th one. */
function renewalCounting(store: LimitStore) {
  const waiters: { count: number; resolve: () => void }[] = [];
  const counting = {
    renewals: 0,
    tryAcquire: store.tryAcquire.bind(store),
    release: store.release.bind(store),
    async renew(...args: Parameters<LimitStore["renew"]>) {
      await store.renew(...args);
      counting.renewals += 1;
      for (const waiter of waiters) if (waiter.count <= counting.renewals) waiter.resolve();
    },
    renewed(count: number): Promise<void> {
      if (counting.renewals >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
  };
  return counting;
}

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
