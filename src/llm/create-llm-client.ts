// One OpenAI-compatible client for the process, configured from the environment.
import OpenAI, { AzureOpenAI } from "openai";
import type { AppEnv } from "../config/env.js";
import { ProviderCapabilities } from "./provider-capabilities.js";
import { providerFetch } from "./provider-fetch.js";
import { type ProviderProfile, providerProfile } from "./provider-profile.js";

export type LlmSettings = Pick<
  AppEnv,
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_MODEL"
  | "LLM_TIMEOUT_MS"
  | "LLM_MAX_RETRIES"
  | "LLM_OUTPUT_MODE"
  | "OPENAI_API_VERSION"
>;

export interface LlmClient {
  openai: OpenAI;
  model: string;
  /** What the provider at the base URL needs besides the OpenAI API. */
  profile: ProviderProfile;
  /** How replies are requested: JSON by schema, Markdown, or JSON falling back to Markdown when refused. */
  outputMode: AppEnv["LLM_OUTPUT_MODE"];
  /** Learnt at run time in `auto` mode, for the whole process (see ProviderCapabilities). */
  readonly capabilities: ProviderCapabilities;
  /** Runs each request inside the shared LLM limits (set per job, for its installation). */
  gate?: <T>(call: () => Promise<T>) => Promise<T>;
}

/**
 * Returns null when no provider is configured, so jobs can say so instead of failing obscurely. Throws
 * `ProviderSettingsError` when the base URL needs another setting (Azure's deployments API without a version).
 */
export function createLlmClient(settings: LlmSettings): LlmClient | null {
  // Local servers (Ollama, vLLM, llama.cpp, LM Studio) ignore the key, but the SDK insists on one.
  const apiKey = settings.OPENAI_API_KEY ?? (settings.OPENAI_BASE_URL ? "no-key-required" : undefined);
  if (!apiKey) return null;
  const profile = providerProfile(settings.OPENAI_BASE_URL, {
    apiKey,
    apiVersion: settings.OPENAI_API_VERSION,
  });
  const options = {
    apiKey,
    timeout: settings.LLM_TIMEOUT_MS,
    // The SDK retries 408/409/429/5xx and connection errors with backoff, honouring retry-after(-ms).
    maxRetries: settings.LLM_MAX_RETRIES,
    defaultHeaders: profile.headers,
    fetch: providerFetch,
  };
  // Azure's deployments API puts the model (the deployment) in the path and wants `api-version` and `api-key`.
  const openai = profile.azure
    ? new AzureOpenAI({ ...options, endpoint: profile.azure.endpoint, apiVersion: profile.azure.apiVersion })
    : new OpenAI({ ...options, baseURL: settings.OPENAI_BASE_URL });
  return {
    openai,
    model: settings.OPENAI_MODEL,
    profile,
    outputMode: settings.LLM_OUTPUT_MODE,
    capabilities: new ProviderCapabilities(),
  };
}
