import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryPlanQuota, type PlanQuota, quotaMessage } from "../../src/limits/plan-quota.js";
import { RedisPlanQuota } from "../../src/limits/redis-plan-quota.js";
import { testRedis } from "../helpers/redis.js";

const shared = testRedis();
afterAll(() => shared.cleanup());

const implementations: [string, (now: () => number) => PlanQuota][] = [
  ["in memory", (now) => new MemoryPlanQuota(now)],
  // A fresh prefix per test: each starts with no plans counted.
  ["in Redis", (now) => new RedisPlanQuota(shared.redis, `${shared.prefix}-${randomUUID()}`, now)],
];

describe.each(implementations)("plan quota %s", (_name, make) => {
  it("allows the hourly number of plans, then says when the next one is possible", async () => {
    let now = Date.parse("2026-11-26T10:00:00Z");
    const quota = make(() => now);
    const limits = { perHour: 2, perDay: 10 };
    expect(await quota.take(7, limits)).toEqual({ ok: true });
    now += 10 * 60_000;
    expect(await quota.take(7, limits)).toEqual({ ok: true });
    const refused = await quota.take(7, limits);
    expect(refused).toEqual({
      ok: false,
      retryAt: new Date("2026-11-26T11:00:00Z"),
      window: "hour",
      limit: 2,
    });
    expect(!refused.ok && quotaMessage(refused)).toBe(
      "This installation has used its 2 plans for this hour. The next plan is possible after 2026-11-26 11:00 UTC; ask again then.",
    );
    // Another installation has its own count; the first one has room again an hour after its first plan.
    expect(await quota.take(8, limits)).toEqual({ ok: true });
    now = Date.parse("2026-11-26T11:00:01Z");
    expect(await quota.take(7, limits)).toEqual({ ok: true });
  });

  it("applies the daily limit across hours", async () => {
    let now = Date.parse("2026-11-26T00:00:00Z");
    const quota = make(() => now);
    for (let hour = 0; hour < 3; hour += 1) {
      expect((await quota.take(1, { perHour: 5, perDay: 3 })).ok).toBe(true);
      now += 3_600_000;
    }
    expect(await quota.take(1, { perHour: 5, perDay: 3 })).toMatchObject({
      ok: false,
      window: "day",
      retryAt: new Date("2026-11-27T00:00:00Z"),
    });
  });
});

describe("plan quota in Redis, shared by workers", () => {
  it("gives the last plan of the hour to exactly one of many concurrent takers", async () => {
    const prefix = `${shared.prefix}-race`;
    const now = () => Date.parse("2026-11-26T10:00:00Z");
    // Separate quota objects stand for separate worker processes.
    const workers = Array.from({ length: 20 }, () => new RedisPlanQuota(shared.redis, prefix, now));
    const decisions = await Promise.all(workers.map((quota) => quota.take(3, { perHour: 5, perDay: 50 })));
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(5);
  });
});
