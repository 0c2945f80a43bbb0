// Sends one chat completion and turns provider failures into messages a maintainer can act on.
import OpenAI from "openai";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { UserFacingError } from "../errors.js";
import type { LlmClient } from "./create-llm-client.js";

export interface ChatTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatCompletion {
  text: string;
  model: string;
  usage: TokenUsage | null;
}

/** The provider refused the structured-output request itself: retry the same request without it. */
export class StructuredOutputUnsupportedError extends Error {
  override name = "StructuredOutputUnsupportedError";
}

export interface CompleteOptions {
  /** Ask for JSON matching this schema (OpenAI's `response_format: json_schema`). */
  responseFormat?: ResponseFormatJSONSchema;
}

export async function completeChat(
  client: LlmClient,
  messages: ChatTurn[],
  options: CompleteOptions = {},
): Promise<ChatCompletion> {
  let response: OpenAI.Chat.Completions.ChatCompletion;
  try {
    const send = () =>
      client.openai.chat.completions.create({
        model: client.model,
        messages,
        ...(options.responseFormat ? { response_format: options.responseFormat } : {}),
      });
    response = await (client.gate ? client.gate(send) : send());
  } catch (error) {
    if (options.responseFormat && rejectsStructuredOutput(error)) {
      throw new StructuredOutputUnsupportedError(String((error as Error).message), { cause: error });
    }
    throw describeProviderError(error, client.model);
  }
  const choice = response.choices[0];
  const text = choice?.message?.content?.trim() ?? "";
  if (!text) {
    const why = choice?.message?.refusal ?? `finish reason: ${choice?.finish_reason ?? "none"}`;
    throw new UserFacingError(`The language model returned no plan (${why}).`);
  }
  return {
    text,
    model: response.model ?? client.model,
    usage: response.usage
      ? { inputTokens: response.usage.prompt_tokens, outputTokens: response.usage.completion_tokens }
      : null,
  };
}

// Servers without structured output answer 400/422 naming the parameter, or 404/501 for the whole feature.
function rejectsStructuredOutput(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError)) return false;
  if (![400, 404, 415, 422, 501].includes(error.status ?? 0)) return false;
  if (error.code === "context_length_exceeded") return false;
  return /response_format|json_schema|structured|schema|not supported|unsupported/i.test(error.message);
}

function describeProviderError(error: unknown, model: string): unknown {
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new UserFacingError("The language model did not answer in time, even after retries.", {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new UserFacingError("The language model provider could not be reached, even after retries.", {
      cause: error,
    });
  }
  if (!(error instanceof OpenAI.APIError)) return error;
  const status = error.status;
  const message = (() => {
    if (status === 401 || status === 403)
      return "The language model provider rejected the app's credentials; the app's operator needs to check OPENAI_API_KEY.";
    if (status === 404)
      return `The language model provider does not know the model \`${model}\`; the app's operator needs to check OPENAI_MODEL and OPENAI_BASE_URL.`;
    if (status === 429) return "The language model provider is rate-limiting the app, even after retries.";
    if (status === 400 && error.code === "context_length_exceeded")
      return "The issue and repository context are too long for the model; the app's operator can choose a model with a larger context window.";
    if (status !== undefined && status >= 500)
      return `The language model provider failed (HTTP ${status}), even after retries.`;
    return `The language model provider refused the request (HTTP ${status ?? "unknown"}).`;
  })();
  return new UserFacingError(message, { cause: error });
}
