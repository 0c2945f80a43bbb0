import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { LlmLimits } from "../../src/limits/llm-limiter.js";
import { RedisLimitStore } from "../../src/limits/redis-limit-store.js";
import { testRedis } from "../helpers/redis.js";

const shared = testRedis();
afterAll(() => shared.cleanup());

const roomy: LlmLimits = {
  concurrency: 10,
  concurrencyPerInstallation: 10,
  perMinute: 100,
  perMinutePerInstallation: 100,
};
const fresh = () => {
  const prefix = `${shared.prefix}-${randomUUID()}`;
  return { prefix, store: new RedisLimitStore(shared.redis, prefix) };
};
const NOW = 1_800_000_000_000;

describe("RedisLimitStore", () => {
  it("keeps each limit under its own key of the prefix, every key expiring", async () => {
    const { prefix, store } = fresh();
    expect(await store.tryAcquire(7, "call-1", roomy, Date.now(), 30_000)).toEqual({ ok: true });
    const keys = (await shared.redis.keys(`${prefix}:*`)).sort();
    expect(keys).toEqual([
      `${prefix}:llm:concurrency`,
      `${prefix}:llm:concurrency:7`,
      `${prefix}:llm:rate`,
      `${prefix}:llm:rate:7`,
    ]);
    for (const key of keys) {
      const ttl = await shared.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it("names the limit that is full, checking the global ones first", async () => {
    const { store } = fresh();
    const limits = { ...roomy, concurrency: 2, concurrencyPerInstallation: 1 };
    expect(await store.tryAcquire(1, "a", limits, NOW, 60_000)).toEqual({ ok: true });
    expect(await store.tryAcquire(1, "b", limits, NOW, 60_000)).toEqual({
      ok: false,
      limit: "llm-concurrency-per-installation",
      retryAfterMs: 250,
    });
    expect(await store.tryAcquire(2, "c", limits, NOW, 60_000)).toEqual({ ok: true });
    expect(await store.tryAcquire(3, "d", limits, NOW, 60_000)).toMatchObject({
      ok: false,
      limit: "llm-concurrency",
    });
  });

  it("says when the oldest start inside the rate window leaves it", async () => {
    const { store } = fresh();
    const limits = { ...roomy, perMinute: 2 };
    await store.tryAcquire(1, "a", limits, NOW, 1_000);
    await store.release(1, "a");
    await store.tryAcquire(2, "b", limits, NOW + 15_000, 1_000);
    await store.release(2, "b");
    expect(await store.tryAcquire(3, "c", limits, NOW + 20_000, 1_000)).toEqual({
      ok: false,
      limit: "llm-rate",
      retryAfterMs: 40_000,
    });
    expect(await store.tryAcquire(3, "c", limits, NOW + 60_001, 1_000)).toEqual({ ok: true });
  });

  it("takes a slot under every limit or none: a refusal leaves nothing behind", async () => {
    const { store } = fresh();
    const limits = { ...roomy, perMinutePerInstallation: 1 };
    await store.tryAcquire(1, "a", limits, NOW, 60_000);
    expect((await store.tryAcquire(1, "b", limits, NOW, 60_000)).ok).toBe(false);
    // Had "b" taken the global slots before being refused, one global slot would be gone.
    expect(await store.tryAcquire(2, "c", { ...limits, concurrency: 2, perMinute: 2 }, NOW, 60_000)).toEqual({
      ok: true,
    });
  });

  it("frees concurrency slots on release, while the start still counts against the rate", async () => {
    const { store } = fresh();
    const limits = { ...roomy, concurrency: 1, perMinute: 1 };
    await store.tryAcquire(1, "a", limits, NOW, 60_000);
    await store.release(1, "a");
    expect(await store.tryAcquire(1, "b", { ...limits, perMinute: 2 }, NOW, 60_000)).toEqual({ ok: true });
    await store.release(1, "b");
    expect(await store.tryAcquire(1, "c", limits, NOW, 60_000)).toMatchObject({
      ok: false,
      limit: "llm-rate",
    });
  });

  it("takes a lapsed slot back when a running call renews it", async () => {
    const { store } = fresh();
    const limits = { ...roomy, concurrencyPerInstallation: 1 };
    await store.tryAcquire(1, "slow", limits, NOW, 1_000);
    // "slow" lapsed at NOW + 1000 and was dropped by the next acquire; its renewal counts it again.
    expect(await store.tryAcquire(1, "quick", limits, NOW + 2_000, 1_000)).toEqual({ ok: true });
    await store.release(1, "quick");
    await store.renew(1, "slow", NOW + 2_500, 1_000);
    expect(await store.tryAcquire(1, "next", limits, NOW + 3_000, 1_000)).toMatchObject({
      ok: false,
      limit: "llm-concurrency-per-installation",
    });
  });
});
