// The model's failure while `plan` writes, said for the person running the command, who is the operator here:
// the server tried (its base URL), what went wrong, and the setting or option to change. Exit code 3.
import type { AppEnv } from "../config/env.js";
import { httpStatusOf } from "../errors.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import type { ProviderError } from "../llm/provider-error.js";
import { CliError, EXIT } from "./cli-error.js";
import { networkReason } from "./network-reason.js";

export function modelFailure(error: ProviderError, llm: LlmClient, env: AppEnv): CliError {
  const fail = (message: string) => new CliError(message, EXIT.failed, { cause: error });
  const at = `the model at ${llm.openai.baseURL}`;
  switch (error.failure) {
    case "unreachable":
      return fail(
        `could not reach ${at}: ${networkReason(error)}. Check OPENAI_BASE_URL (unset, it is OpenAI's API), and that the server runs and this machine can reach it.`,
      );
    case "timeout":
      return fail(
        `${at} did not answer within LLM_TIMEOUT_MS (${env.LLM_TIMEOUT_MS} ms), in ${env.LLM_MAX_RETRIES + 1} tries. Raise LLM_TIMEOUT_MS, or give the model less to read with a lower --budget.`,
      );
    case "credentials":
      return fail(
        `${at} rejected the API key (HTTP ${httpStatusOf(error.cause) ?? "401"}). Check OPENAI_API_KEY, and that OPENAI_BASE_URL is the provider the key is for.`,
      );
    case "unknown-model":
      return fail(
        `${at} does not know the model ${llm.model}. Give one it serves with --model or OPENAI_MODEL (for Azure OpenAI, the deployment's name).`,
      );
    case "context-too-long":
      return fail(
        `${at} cannot read the issue and its context: too long for ${llm.model}. Lower --budget, or use a model with a larger context window.`,
      );
    default:
      return fail(`could not write the plan: ${lowerFirst(error.userMessage)}`);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
