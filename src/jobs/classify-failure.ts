// Whether a failed job is worth another attempt: GitHub's 5xx and rate limits, the model provider's 429/5xx,
// timeouts and dropped connections pass; a bad configuration, a refusal or a missing model do not. The wait
// GitHub or the provider asked for (retry-after, a rate-limit reset) is kept so the retry honours it.
import OpenAI from "openai";
import { LimitWaitError } from "../limits/limit-wait-error.js";
import { ProviderError } from "../llm/provider-error.js";

export interface FailureKind {
  transient: boolean;
  /** The least wait the server asked for, in milliseconds. */
  retryAfterMs?: number;
  /** Short cause for logs and metrics, e.g. `github-502`, `llm-429`, `network`. */
  cause: string;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
]);

export function classifyFailure(error: unknown, now = Date.now()): FailureKind {
  // The provider's failure as read from its answer (a 500 that says the context is too long will not pass).
  let provider: ProviderError | undefined;
  for (const cause of causeChain(error)) {
    if (cause instanceof ProviderError) {
      if (!cause.transient) return { transient: false, cause: `llm-${cause.failure}` };
      provider = cause;
      continue;
    }
    if (cause instanceof LimitWaitError)
      return { transient: true, retryAfterMs: cause.retryAfterMs, cause: `limit-${cause.limit}` };
    const status = numberField(cause, "status");
    const headers = headersOf(cause);
    if (status !== undefined && isHttpError(cause)) {
      const source = isOpenAiError(cause) ? "llm" : "github";
      const retryAfterMs = retryAfter(headers, now);
      if (source === "llm" && stringField(cause, "code") === "insufficient_quota")
        return { transient: false, cause: "llm-quota" };
      const rateLimited =
        status === 429 ||
        (status === 403 &&
          (retryAfterMs !== undefined ||
            headers.get("x-ratelimit-remaining") === "0" ||
            /rate limit/i.test(String((cause as { message?: unknown }).message ?? ""))));
      if (rateLimited || status >= 500 || status === 408)
        return {
          transient: true,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          cause: `${source}-${status}`,
        };
      return { transient: false, cause: `${source}-${status}` };
    }
    const name = (cause as { name?: unknown }).name;
    if (cause instanceof OpenAI.APIConnectionTimeoutError || name === "TimeoutError")
      return { transient: true, cause: "timeout" };
    if (cause instanceof OpenAI.APIConnectionError) return { transient: true, cause: "network" };
    const code = stringField(cause, "code");
    if (code && NETWORK_CODES.has(code)) return { transient: true, cause: "network" };
  }
  if (provider) return { transient: true, cause: `llm-${provider.failure}` };
  return { transient: false, cause: "error" };
}

/** The error and its causes, outermost first (bounded, in case of a cycle). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current && typeof current === "object" && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isOpenAiError(error: unknown): boolean {
  return error instanceof OpenAI.APIError;
}

function isHttpError(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === "HttpError" || isOpenAiError(error) || "response" in (error as object);
}

interface HeaderReader {
  get(name: string): string | undefined;
}

/** Octokit errors carry `response.headers` as a record; the OpenAI SDK's carry a Headers object. */
function headersOf(error: unknown): HeaderReader {
  const raw =
    (error as { headers?: unknown }).headers ??
    (error as { response?: { headers?: unknown } }).response?.headers;
  if (raw && typeof (raw as Headers).get === "function")
    return { get: (name) => (raw as Headers).get(name) ?? undefined };
  const record = (raw ?? {}) as Record<string, unknown>;
  return {
    get: (name) => {
      const value = record[name] ?? record[name.toLowerCase()];
      return value === undefined || value === null ? undefined : String(value);
    },
  };
}

function retryAfter(headers: HeaderReader, now: number): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers.get("retry-after");
  if (value !== undefined) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // GitHub's primary limit: the window resets at x-ratelimit-reset (epoch seconds).
  if (headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "number" ? field : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
