// Sends one chat completion and turns provider failures into messages a maintainer can act on.
import OpenAI from "openai";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import type { LlmClient } from "./create-llm-client.js";
import { describeProviderError, ProviderError } from "./provider-error.js";

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
    const structured = options.responseFormat !== undefined;
    const send = () =>
      client.openai.chat.completions.create({
        model: client.model,
        messages,
        ...(options.responseFormat ? { response_format: options.responseFormat } : {}),
        // Provider-specific fields (OpenRouter's routing); the SDK sends unknown fields as they are.
        ...(client.profile.requestExtras(structured) as object),
      });
    response = await (client.gate ? client.gate(send) : send());
  } catch (error) {
    if (options.responseFormat && rejectsStructuredOutput(error)) {
      throw new StructuredOutputUnsupportedError(String((error as Error).message), { cause: error });
    }
    throw describeProviderError(error, client.model);
  }
  const text = answerText(response);
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
  // OpenRouter, asked to route only to providers that honour the schema, answers 404 when none does.
  return /response_format|json_schema|structured|schema|not supported|unsupported|endpoints found that support/i.test(
    error.message,
  );
}

/**
 * The answer's text, or the reason there is none. OpenRouter reports a failure that happened after routing as a
 * 200 whose body holds `error` (and `finish_reason: "error"`); Azure stops filtered output with `content_filter`.
 */
function answerText(response: OpenAI.Chat.Completions.ChatCompletion): string {
  const failed = (response as { error?: { message?: unknown; code?: unknown } }).error;
  const choice = response.choices?.[0];
  const finish = choice?.finish_reason as string | null | undefined;
  if (failed || finish === "error")
    throw new ProviderError(
      `The language model provider failed while answering${failed?.code ? ` (${String(failed.code)})` : ""}.`,
      "unavailable",
      true,
    );
  const text = choice?.message?.content?.trim() ?? "";
  if (text) return text;
  if (choice?.message?.refusal)
    throw new ProviderError(
      `The language model refused to write a plan: ${choice.message.refusal}`,
      "refused",
      false,
    );
  if (finish === "content_filter")
    throw new ProviderError(
      "The language model provider's content filter stopped the answer; rewording the issue may help.",
      "content-filter",
      false,
    );
  if (finish === "length")
    throw new ProviderError(
      "The language model used up its output tokens before writing the plan (reasoning models may need a model or server setting that allows longer answers).",
      "bad-answer",
      false,
    );
  // An empty answer with no reason (a dropped upstream connection, a cold start) may not happen again.
  throw new ProviderError(
    `The language model returned no plan (finish reason: ${finish ?? "none"}).`,
    "bad-answer",
    true,
  );
}
