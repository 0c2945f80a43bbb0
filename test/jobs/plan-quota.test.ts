import { describe, expect, it } from "vitest";
import { PlanQuota, quotaMessage } from "../../src/jobs/plan-quota.js";

describe("PlanQuota", () => {
  it("allows the hourly number of plans, then says when the next one is possible", () => {
    let now = Date.parse("2026-11-26T10:00:00Z");
    const quota = new PlanQuota(() => now);
    const limits = { perHour: 2, perDay: 10 };
    expect(quota.take(7, limits)).toEqual({ ok: true });
    now += 10 * 60_000;
    expect(quota.take(7, limits)).toEqual({ ok: true });
    const refused = quota.take(7, limits);
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
    expect(quota.take(8, limits)).toEqual({ ok: true });
    now = Date.parse("2026-11-26T11:00:01Z");
    expect(quota.take(7, limits)).toEqual({ ok: true });
  });

  it("applies the daily limit across hours", () => {
    let now = Date.parse("2026-11-26T00:00:00Z");
    const quota = new PlanQuota(() => now);
    for (let hour = 0; hour < 3; hour += 1) {
      expect(quota.take(1, { perHour: 5, perDay: 3 }).ok).toBe(true);
      now += 3_600_000;
    }
    expect(quota.take(1, { perHour: 5, perDay: 3 })).toMatchObject({
      ok: false,
      window: "day",
      retryAt: new Date("2026-11-27T00:00:00Z"),
    });
  });
});
