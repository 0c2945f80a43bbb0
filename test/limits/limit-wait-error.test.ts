import { describe, expect, it } from "vitest";
import { LimitWaitError } from "../../src/limits/limit-wait-error.js";

describe("LimitWaitError", () => {
  it("names the full limit and the wait, rounded up to whole seconds", () => {
    const error = new LimitWaitError("llm-rate-per-installation", 12_001);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "LimitWaitError",
      limit: "llm-rate-per-installation",
      retryAfterMs: 12_001,
      message: "The llm-rate-per-installation limit is full; retrying in 13 s.",
    });
    expect(new LimitWaitError("llm-concurrency", 250).message).toBe(
      "The llm-concurrency limit is full; retrying in 1 s.",
    );
  });
});
