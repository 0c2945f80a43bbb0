// One OpenAI-compatible client for the process, configured from the environment.
import OpenAI from "openai";
import type { AppEnv } from "../config/env.js";

export type LlmSettings = Pick<
  AppEnv,
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_MODEL"
  | "LLM_TIMEOUT_MS"
  | "LLM_MAX_RETRIES"
  | "LLM_OUTPUT_MODE"
>;

export interface LlmClient {
  openai: OpenAI;
  model: string;
  /** How replies are requested: JSON by schema, Markdown, or JSON falling back to Markdown when refused. */
  outputMode: AppEnv["LLM_OUTPUT_MODE"];
  /** Learned at run time in `auto` mode: false once the provider refused structured output. */
  capabilities: { structuredOutput?: boolean };
  /** Runs each request inside the shared LLM limits (set per job, for its installation). */
  gate?: <T>(call: () => Promise<T>) => Promise<T>;
}

/** Returns null when no provider is configured, so jobs can say so instead of failing obscurely. */
export function createLlmClient(settings: LlmSettings): LlmClient | null {
  // Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the SDK insists on one.
  const apiKey = settings.OPENAI_API_KEY ?? (settings.OPENAI_BASE_URL ? "no-key-required" : undefined);
  if (!apiKey) return null;
  const openai = new OpenAI({
    apiKey,
    baseURL: settings.OPENAI_BASE_URL,
    timeout: settings.LLM_TIMEOUT_MS,
    // The SDK retries 408/409/429/5xx and connection errors with backoff, honouring retry-after(-ms).
    maxRetries: settings.LLM_MAX_RETRIES,
    // Resolve fetch per call rather than capturing it at construction (keeps HTTP interception possible).
    fetch: (url, init) => globalThis.fetch(url, init),
  });
  return { openai, model: settings.OPENAI_MODEL, outputMode: settings.LLM_OUTPUT_MODE, capabilities: {} };
}
