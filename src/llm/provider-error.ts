// A provider's failure as a message a maintainer can act on, whatever the server's error shape: OpenAI's
// `{error: {message, type, code}}`, Azure's `{error: {code: "429", message}}`, llama.cpp's integer codes,
// vLLM's and LM Studio's plain-string or flat bodies, OpenRouter's errors inside a 200 answer.
import OpenAI from "openai";
import { UserFacingError } from "../errors.js";

export type ProviderFailure =
  | "credentials"
  | "credits"
  | "unknown-model"
  | "context-too-long"
  | "content-filter"
  | "rate-limited"
  | "unavailable"
  | "timeout"
  | "unreachable"
  | "refused"
  | "bad-answer";

/** The provider failed; `transient` says whether the same request may succeed later. */
export class ProviderError extends UserFacingError {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly failure: ProviderFailure,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const CONTEXT_TOO_LONG =
  /context_length_exceeded|exceed_context_size|maximum context length|exceeds? the (available|configured) context|context size has been exceeded|input tokens exceed|trying to keep the first \d+ tokens|prompt is too long/i;
const UNKNOWN_MODEL =
  /model_not_found|DeploymentNotFound|not a valid model id|no endpoints found for|model ['"`]?[^'"`\s]+['"`]? (does not exist|not found)|does not exist|invalid model identifier|model .* not found|no models loaded/i;
const CREDITS = /insufficient_quota|insufficient credits|exceeded your current quota|key limit|more credits/i;

export function describeProviderError(error: unknown, model: string): unknown {
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new ProviderError(
      "The language model did not answer in time, even after retries.",
      "timeout",
      true,
      { cause: error },
    );
  if (error instanceof OpenAI.APIConnectionError)
    return new ProviderError(
      "The language model provider could not be reached, even after retries.",
      "unreachable",
      true,
      { cause: error },
    );
  if (!(error instanceof OpenAI.APIError)) return error;
  const status = error.status ?? 0;
  // Flat or string bodies leave `code` and `type` empty: the text of the message still says what happened.
  const said = `${String(error.code ?? "")} ${String(error.type ?? "")} ${error.message}`;
  const fail = (message: string, failure: ProviderFailure, transient: boolean) =>
    new ProviderError(message, failure, transient, { cause: error });
  if (CONTEXT_TOO_LONG.test(said))
    return fail(
      "The issue and repository context are too long for the model; the app's operator can choose a model with a larger context window, give a local server a larger context size, or lower CONTEXT_BUDGET_TOKENS.",
      "context-too-long",
      false,
    );
  if (status === 402 || CREDITS.test(said))
    return fail(
      "The language model provider refused the request for lack of credits or quota; the app's operator needs to check the account's billing.",
      "credits",
      false,
    );
  if (status === 401 || status === 403)
    return fail(
      "The language model provider rejected the app's credentials; the app's operator needs to check OPENAI_API_KEY.",
      "credentials",
      false,
    );
  if (/content_filter|content management policy|ResponsibleAIPolicyViolation/i.test(said))
    return fail(
      "The language model provider's content filter refused the request; rewording the issue may help.",
      "content-filter",
      false,
    );
  if (status === 404 || ((status === 400 || status === 422) && UNKNOWN_MODEL.test(said)))
    return fail(
      `The language model provider does not know the model \`${model}\`; the app's operator needs to check OPENAI_MODEL (for Azure OpenAI, the deployment name) and OPENAI_BASE_URL.`,
      "unknown-model",
      false,
    );
  if (status === 429)
    return fail(
      "The language model provider is rate-limiting the app, even after retries.",
      "rate-limited",
      true,
    );
  if (status >= 500 || status === 408)
    return fail(
      `The language model provider failed (HTTP ${status}), even after retries.`,
      "unavailable",
      true,
    );
  // The provider's own words go to the log only: they may echo the request, issue text included.
  return fail(
    `The language model provider refused the request (HTTP ${status || "unknown"}); the app's log has its answer.`,
    "refused",
    false,
  );
}
