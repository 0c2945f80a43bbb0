import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/limits/plan-quota.js";
import { RedisPlanQuota } from "../../src/limits/redis-plan-quota.js";
import { testRedis } from "../helpers/redis.js";

const shared = testRedis();
afterAll(() => shared.cleanup());

const START = Date.parse("2026-12-01T09:00:00Z");

function quota() {
  let now = START;
  const prefix = `${shared.prefix}-${randomUUID()}`;
  return {
    prefix,
    quota: new RedisPlanQuota(shared.redis, prefix, () => now),
    at: (time: number) => {
      now = time;
    },
  };
}

describe("RedisPlanQuota", () => {
  it("keeps one expiring sorted set per installation under the prefix", async () => {
    const { prefix, quota: plans } = quota();
    await plans.take(42, { perHour: 5, perDay: 10 });
    await plans.take(42, { perHour: 5, perDay: 10 });
    const key = `${prefix}:quota:42`;
    expect(await shared.redis.keys(`${prefix}:*`)).toEqual([key]);
    expect(await shared.redis.zcard(key)).toBe(2);
    const ttl = await shared.redis.pttl(key);
    expect(ttl).toBeGreaterThan(DAY_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(DAY_MS);
  });

  it("does not count a refused plan", async () => {
    const { prefix, quota: plans, at } = quota();
    const limits = { perHour: 1, perDay: 10 };
    expect(await plans.take(1, limits)).toEqual({ ok: true });
    at(START + 10 * 60_000);
    expect(await plans.take(1, limits)).toMatchObject({ ok: false, window: "hour" });
    expect(await shared.redis.zcard(`${prefix}:quota:1`)).toBe(1);
    at(START + HOUR_MS);
    expect(await plans.take(1, limits)).toEqual({ ok: true });
  });

  it("forgets plans older than a day", async () => {
    const { prefix, quota: plans, at } = quota();
    const limits = { perHour: 10, perDay: 1 };
    expect(await plans.take(1, limits)).toEqual({ ok: true });
    at(START + DAY_MS - 1);
    expect(await plans.take(1, limits)).toMatchObject({
      ok: false,
      window: "day",
      limit: 1,
      retryAt: new Date(START + DAY_MS),
    });
    at(START + DAY_MS);
    expect(await plans.take(1, limits)).toEqual({ ok: true });
    expect(await shared.redis.zcard(`${prefix}:quota:1`)).toBe(1);
  });
});
