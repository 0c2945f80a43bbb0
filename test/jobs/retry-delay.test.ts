import { describe, expect, it } from "vitest";
import { retryDelay } from "../../src/jobs/retry-delay.js";

const settings = { baseMs: 1_000, maxMs: 30_000 };
const fixed = (value: number) => () => value;

describe("retryDelay", () => {
  it("doubles with each attempt, between half and all of the exponential step", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, settings, undefined, fixed(0)))).toEqual([
      500, 1_000, 2_000, 4_000,
    ]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, settings, undefined, fixed(0.999_999)))).toEqual(
      [1_000, 2_000, 4_000, 8_000],
    );
    expect(retryDelay(2, settings, undefined, fixed(0.5))).toBe(1_500);
  });

  it("spreads a burst of failures instead of retrying in lockstep", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(3, settings)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it("caps the step at the maximum", () => {
    expect(retryDelay(20, settings, undefined, fixed(0))).toBe(15_000);
    expect(retryDelay(20, settings, undefined, fixed(0.999_999))).toBe(30_000);
  });

  it("never waits less than the server asked, even beyond the cap", () => {
    expect(retryDelay(1, settings, 6_000, fixed(0))).toBe(6_000);
    expect(retryDelay(1, settings, 120_000, fixed(0))).toBe(120_000);
    expect(retryDelay(4, settings, 100, fixed(0))).toBe(4_000);
  });

  it("treats an attempt below 1 as the first", () => {
    expect(retryDelay(0, settings, undefined, fixed(0))).toBe(500);
    expect(retryDelay(-3, settings, undefined, fixed(0))).toBe(500);
  });
});
