import { RequestError } from "@octokit/request-error";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { UserFacingError } from "../../src/errors.js";
import { classifyFailure } from "../../src/jobs/classify-failure.js";
import { retryDelay } from "../../src/jobs/retry-delay.js";
import { LimitWaitError } from "../../src/limits/limit-wait-error.js";

const now = Date.parse("2026-11-26T10:00:00Z");

function githubError(status: number, headers: Record<string, string> = {}, message = "error") {
  return new RequestError(message, status, {
    request: { method: "GET", url: "https://api.github.com/x", headers: {} },
    response: { status, url: "https://api.github.com/x", headers, data: {} },
  });
}

function openAiError(status: number, headers: Record<string, string> = {}, code?: string) {
  return OpenAI.APIError.generate(status, { error: { message: "e", code } }, "e", new Headers(headers));
}

describe("classifyFailure", () => {
  it("retries GitHub 5xx and rate limits, honouring retry-after and the rate-limit reset", () => {
    expect(classifyFailure(githubError(502), now)).toEqual({ transient: true, cause: "github-502" });
    expect(classifyFailure(githubError(403, { "retry-after": "60" }, "secondary rate limit"), now)).toEqual({
      transient: true,
      retryAfterMs: 60_000,
      cause: "github-403",
    });
    const reset = String(now / 1000 + 120);
    expect(
      classifyFailure(githubError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), now),
    ).toEqual({ transient: true, retryAfterMs: 120_000, cause: "github-403" });
  });

  it("does not retry what another attempt cannot fix", () => {
    expect(classifyFailure(githubError(404), now).transient).toBe(false);
    expect(
      classifyFailure(githubError(403, {}, "Resource not accessible by integration"), now).transient,
    ).toBe(false);
    expect(classifyFailure(new UserFacingError("bad config"), now).transient).toBe(false);
    expect(classifyFailure(openAiError(401), now).transient).toBe(false);
    expect(classifyFailure(openAiError(429, {}, "insufficient_quota"), now)).toEqual({
      transient: false,
      cause: "llm-quota",
    });
  });

  it("retries the provider's 429 and 5xx, timeouts and lost connections, also when wrapped for the user", () => {
    const limited = new UserFacingError("rate-limited", {
      cause: openAiError(429, { "retry-after-ms": "1500" }),
    });
    expect(classifyFailure(limited, now)).toEqual({ transient: true, retryAfterMs: 1_500, cause: "llm-429" });
    expect(classifyFailure(openAiError(503), now)).toEqual({ transient: true, cause: "llm-503" });
    const timeout = new UserFacingError("timeout", { cause: new OpenAI.APIConnectionTimeoutError() });
    expect(classifyFailure(timeout, now)).toEqual({ transient: true, cause: "timeout" });
    expect(classifyFailure(Object.assign(new Error("socket"), { code: "ECONNRESET" }), now)).toEqual({
      transient: true,
      cause: "network",
    });
    expect(classifyFailure(new LimitWaitError("llm-rate", 30_000), now)).toEqual({
      transient: true,
      retryAfterMs: 30_000,
      cause: "limit-llm-rate",
    });
  });
});

describe("retryDelay", () => {
  const backoff = { baseMs: 1_000, maxMs: 8_000 };
  it("doubles per attempt with jitter, up to the cap, and never under retry-after", () => {
    expect(retryDelay(1, backoff, undefined, () => 0)).toBe(500);
    expect(retryDelay(1, backoff, undefined, () => 0.999)).toBe(1_000);
    expect(retryDelay(3, backoff, undefined, () => 0.5)).toBe(3_000);
    expect(retryDelay(10, backoff, undefined, () => 0.999)).toBe(7_996);
    expect(retryDelay(1, backoff, 60_000, () => 0.5)).toBe(60_000);
  });
});
