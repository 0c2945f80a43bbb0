// Each documented provider as the app meets it: the request it receives (URL, headers, body) and its answers,
// successful and failed, in the shapes these servers really send.
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { classifyFailure } from "../../src/jobs/classify-failure.js";
import { completeChat, StructuredOutputUnsupportedError } from "../../src/llm/complete-chat.js";
import { createLlmClient, type LlmClient } from "../../src/llm/create-llm-client.js";
import { PLAN_RESPONSE_FORMAT } from "../../src/llm/plan-response-format.js";
import { ProviderError, type ProviderFailure } from "../../src/llm/provider-error.js";
import { chatCompletion } from "../helpers/github-mocks.js";

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

interface ProviderCase {
  name: string;
  env: Record<string, string>;
  /** Where the chat request goes. */
  origin: string;
  path: string;
  query?: Record<string, string>;
  /** Headers the provider needs. */
  headers: Record<string, string | RegExp>;
  /** Fields the body must carry besides the model, the messages and the nested json_schema format. */
  bodyExtras?: Record<string, unknown>;
  /** A successful answer's quirks (fields OpenAI does not send). */
  answerExtras?: Record<string, unknown>;
  withoutUsage?: boolean;
  failures: FailureCase[];
}

interface FailureCase {
  what: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  failure: ProviderFailure;
  transient: boolean;
  retryAfterMs?: number;
}

const contextTooLong = { failure: "context-too-long", transient: false } as const;
const credentials = { failure: "credentials", transient: false } as const;
const unknownModel = { failure: "unknown-model", transient: false } as const;

const providers: ProviderCase[] = [
  {
    name: "OpenAI",
    env: { OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-4.1" },
    origin: "https://api.openai.com",
    path: "/v1/chat/completions",
    headers: { authorization: "Bearer sk-test" },
    failures: [
      {
        what: "a wrong key",
        status: 401,
        body: {
          error: {
            message:
              "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
            type: "invalid_request_error",
            param: null,
            code: "invalid_api_key",
          },
        },
        ...credentials,
      },
      {
        what: "an unknown model",
        status: 404,
        body: {
          error: {
            message: "The model `gpt-9` does not exist or you do not have access to it.",
            type: "invalid_request_error",
            param: null,
            code: "model_not_found",
          },
        },
        ...unknownModel,
      },
      {
        what: "a rate limit",
        status: 429,
        headers: { "retry-after": "6" },
        body: {
          error: {
            message:
              "Rate limit reached for gpt-4.1 in organization org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 4000. Please try again in 6s.",
            type: "tokens",
            param: null,
            code: "rate_limit_exceeded",
          },
        },
        failure: "rate-limited",
        transient: true,
        retryAfterMs: 6000,
      },
      {
        what: "an exhausted quota",
        status: 429,
        body: {
          error: {
            message: "You exceeded your current quota, please check your plan and billing details.",
            type: "insufficient_quota",
            param: null,
            code: "insufficient_quota",
          },
        },
        failure: "credits",
        transient: false,
      },
      {
        what: "a prompt over the context window",
        status: 400,
        body: {
          error: {
            message:
              "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
            type: "invalid_request_error",
            param: "messages",
            code: "context_length_exceeded",
          },
        },
        ...contextTooLong,
      },
      {
        what: "an overload",
        status: 503,
        body: {
          error: {
            message: "The server is overloaded or not ready yet.",
            type: "server_error",
            param: null,
            code: null,
          },
        },
        failure: "unavailable",
        transient: true,
      },
    ],
  },
  {
    name: "Azure OpenAI (v1 API)",
    env: {
      OPENAI_API_KEY: "azure-key",
      OPENAI_BASE_URL: "https://contoso.openai.azure.com/openai/v1",
      OPENAI_MODEL: "plans-gpt-41",
    },
    origin: "https://contoso.openai.azure.com",
    path: "/openai/v1/chat/completions",
    headers: { "api-key": "azure-key" },
    answerExtras: {
      prompt_filter_results: [
        { prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: "safe" } } },
      ],
    },
    failures: [
      {
        what: "a wrong key",
        status: 401,
        body: {
          error: {
            code: "401",
            message:
              "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
          },
        },
        ...credentials,
      },
      {
        what: "an unknown deployment",
        status: 404,
        body: {
          error: {
            code: "DeploymentNotFound",
            message:
              "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
          },
        },
        ...unknownModel,
      },
      {
        what: "a rate limit",
        status: 429,
        headers: { "retry-after": "33", "retry-after-ms": "33000" },
        body: {
          error: {
            code: "429",
            message:
              "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 33 seconds.",
          },
        },
        failure: "rate-limited",
        transient: true,
        retryAfterMs: 33000,
      },
      {
        what: "the content filter on the prompt",
        status: 400,
        body: {
          error: {
            message:
              "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
            type: null,
            param: "prompt",
            code: "content_filter",
            status: 400,
            innererror: { code: "ResponsibleAIPolicyViolation", content_filter_result: {} },
          },
        },
        failure: "content-filter",
        transient: false,
      },
    ],
  },
  {
    name: "Azure OpenAI (deployments API)",
    env: {
      OPENAI_API_KEY: "azure-key",
      OPENAI_BASE_URL: "https://contoso.openai.azure.com",
      OPENAI_API_VERSION: "2024-10-21",
      OPENAI_MODEL: "plans-gpt-41",
    },
    origin: "https://contoso.openai.azure.com",
    path: "/openai/deployments/plans-gpt-41/chat/completions",
    query: { "api-version": "2024-10-21" },
    headers: { "api-key": "azure-key" },
    failures: [],
  },
  {
    name: "Ollama",
    env: { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_MODEL: "qwen2.5-coder:32b" },
    origin: "http://127.0.0.1:11434",
    path: "/v1/chat/completions",
    headers: {},
    answerExtras: { system_fingerprint: "fp_ollama" },
    failures: [
      {
        what: "a model that is not pulled",
        status: 404,
        body: {
          error: { message: "model 'qwen9' not found", type: "not_found_error", param: null, code: null },
        },
        ...unknownModel,
      },
      {
        what: "a full queue",
        status: 503,
        body: {
          error: {
            message: "server busy, please try again.  maximum pending requests exceeded",
            type: "api_error",
            param: null,
            code: null,
          },
        },
        failure: "unavailable",
        transient: true,
      },
    ],
  },
  {
    name: "vLLM",
    env: {
      OPENAI_API_KEY: "vllm-key",
      OPENAI_BASE_URL: "http://127.0.0.1:8000/v1",
      OPENAI_MODEL: "Qwen/Qwen3-32B",
    },
    origin: "http://127.0.0.1:8000",
    path: "/v1/chat/completions",
    headers: { authorization: "Bearer vllm-key" },
    failures: [
      {
        what: "a wrong key (a plain-string error)",
        status: 401,
        body: { error: "Unauthorized" },
        ...credentials,
      },
      {
        what: "an unknown model",
        status: 404,
        body: {
          error: {
            message: "The model `qwen9` does not exist.",
            type: "NotFoundError",
            param: "model",
            code: 404,
          },
        },
        ...unknownModel,
      },
      {
        what: "a prompt over max_model_len",
        status: 400,
        body: {
          error: {
            message:
              "This model's maximum context length is 32768 tokens. However, your request has 40210 input tokens. Please reduce the length of the input messages.",
            type: "BadRequestError",
            param: "input_tokens",
            code: 400,
          },
        },
        ...contextTooLong,
      },
      {
        what: "a prompt over max_model_len (the flat body of releases before 0.10.1)",
        status: 400,
        body: {
          object: "error",
          message:
            "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
          type: "BadRequestError",
          param: null,
          code: 400,
        },
        ...contextTooLong,
      },
    ],
  },
  {
    name: "LM Studio",
    env: { OPENAI_BASE_URL: "http://127.0.0.1:1234/v1", OPENAI_MODEL: "openai/gpt-oss-20b" },
    origin: "http://127.0.0.1:1234",
    path: "/v1/chat/completions",
    headers: {},
    withoutUsage: true,
    failures: [
      {
        what: "a model that is not downloaded",
        status: 400,
        body: {
          error: {
            message:
              'Invalid model identifier "gpt-9". Please specify a valid downloaded model (e.g., openai/gpt-oss-20b).',
            type: "invalid_request_error",
            param: "model",
            code: "model_not_found",
          },
        },
        ...unknownModel,
      },
      {
        what: "no model loaded (a plain-string error)",
        status: 404,
        body: {
          error: "No models loaded. Please load a model in the developer page or use the 'lms load' command.",
        },
        ...unknownModel,
      },
      {
        what: "a prompt over the loaded context length",
        status: 400,
        body: {
          error:
            "Trying to keep the first 9120 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input",
        },
        ...contextTooLong,
      },
    ],
  },
  {
    name: "llama.cpp server",
    env: { OPENAI_API_KEY: "llama-key", OPENAI_BASE_URL: "http://127.0.0.1:8080/v1", OPENAI_MODEL: "local" },
    origin: "http://127.0.0.1:8080",
    path: "/v1/chat/completions",
    headers: { authorization: "Bearer llama-key" },
    answerExtras: { timings: { prompt_n: 2100, predicted_n: 640 } },
    failures: [
      {
        what: "a wrong key",
        status: 401,
        body: { error: { code: 401, message: "Invalid API Key", type: "authentication_error" } },
        ...credentials,
      },
      {
        what: "a prompt over the context size",
        status: 400,
        body: {
          error: {
            code: 400,
            message:
              "request (40210 tokens) exceeds the available context size (32768 tokens), try increasing it",
            type: "exceed_context_size_error",
            n_prompt_tokens: 40210,
            n_ctx: 32768,
          },
        },
        ...contextTooLong,
      },
      {
        what: "a prompt over the context size, answered 500 on older paths (no point retrying)",
        status: 500,
        body: { error: { code: 500, message: "Context size has been exceeded.", type: "server_error" } },
        ...contextTooLong,
      },
      {
        what: "a model still loading",
        status: 503,
        body: { error: { code: 503, message: "Loading model", type: "unavailable_error" } },
        failure: "unavailable",
        transient: true,
      },
    ],
  },
  {
    name: "OpenRouter",
    env: {
      OPENAI_API_KEY: "sk-or-v1-test",
      OPENAI_BASE_URL: "https://openrouter.ai/api/v1",
      OPENAI_MODEL: "openai/gpt-4.1",
    },
    origin: "https://openrouter.ai",
    path: "/api/v1/chat/completions",
    headers: { authorization: "Bearer sk-or-v1-test", "x-title": "issue-planner" },
    bodyExtras: { provider: { require_parameters: true } },
    answerExtras: { provider: "OpenAI" },
    failures: [
      {
        what: "a missing key",
        status: 401,
        body: { error: { message: "No auth credentials found", code: 401 } },
        ...credentials,
      },
      {
        what: "no credits left",
        status: 402,
        body: {
          error: {
            message: "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
            code: 402,
            metadata: { limit_source: "openrouter_credits" },
          },
        },
        failure: "credits",
        transient: false,
      },
      {
        what: "an unknown model id",
        status: 400,
        body: { error: { message: "openai/gpt-9 is not a valid model ID", code: 400 } },
        ...unknownModel,
      },
      {
        what: "an upstream rate limit",
        status: 429,
        headers: { "retry-after": "5" },
        body: {
          error: {
            message: "Provider returned error",
            code: 429,
            metadata: { raw: '{"error":{"message":"Rate limit reached"}}', provider_name: "OpenAI" },
          },
        },
        failure: "rate-limited",
        transient: true,
        retryAfterMs: 5000,
      },
      {
        what: "an upstream failure after routing, sent as a 200",
        status: 200,
        body: {
          id: "gen-1",
          object: "chat.completion",
          created: 1_764_000_000,
          model: "openai/gpt-4.1",
          choices: [{ index: 0, finish_reason: "error", message: { role: "assistant", content: "" } }],
          error: { code: 502, message: "Upstream error" },
        },
        failure: "unavailable",
        transient: true,
      },
    ],
  },
];

const MESSAGES = [
  { role: "system" as const, content: "You write implementation plans." },
  { role: "user" as const, content: "Plan this issue." },
];

function clientFor(provider: ProviderCase): LlmClient {
  const client = createLlmClient(readEnv({ ...provider.env, LLM_MAX_RETRIES: "0" }));
  if (!client) throw new Error("no client");
  return client;
}

function intercept(provider: ProviderCase, onBody?: (body: Record<string, unknown>) => void) {
  let scope = nock(provider.origin, { reqheaders: provider.headers });
  if (provider.query) scope = scope.matchHeader("accept", /json/);
  const path = provider.query ? (uri: string) => uri.startsWith(provider.path) : provider.path;
  return scope
    .post(path, (body: Record<string, unknown>) => {
      onBody?.(body);
      return true;
    })
    .query(provider.query ?? true);
}

describe.each(providers)("$name", (provider) => {
  it("receives the model, the messages and the JSON schema in OpenAI's nested form, and its answer is read", async () => {
    let sent: Record<string, unknown> = {};
    const answer = chatCompletion('{"title":"Export invoices"}') as Record<string, unknown>;
    const scope = intercept(provider, (body) => {
      sent = body;
    }).reply(200, {
      ...answer,
      model: provider.env.OPENAI_MODEL,
      ...(provider.withoutUsage ? { usage: undefined } : {}),
      ...provider.answerExtras,
    });
    const reply = await completeChat(clientFor(provider), MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT });
    expect(scope.isDone()).toBe(true);
    expect(sent.model).toBe(provider.env.OPENAI_MODEL);
    expect(sent.messages).toEqual(MESSAGES);
    // llama.cpp ignores a flat `schema`: the schema must sit under `json_schema`.
    expect(sent.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "implementation_plan", strict: true, schema: { type: "object" } },
    });
    expect(sent).toMatchObject(provider.bodyExtras ?? {});
    if (!provider.bodyExtras) expect(sent).not.toHaveProperty("provider");
    expect(reply.text).toBe('{"title":"Export invoices"}');
    expect(reply.usage).toEqual(provider.withoutUsage ? null : { inputTokens: 2100, outputTokens: 640 });
  });

  it.each(provider.failures)("turns $what into a message to act on", async (failure) => {
    intercept(provider).reply(failure.status, failure.body as nock.Body, failure.headers);
    const error = await completeChat(clientFor(provider), MESSAGES).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure).toBe(failure.failure);
    const kind = classifyFailure(error);
    expect(kind.transient).toBe(failure.transient);
    if (failure.retryAfterMs !== undefined) expect(kind.retryAfterMs).toBe(failure.retryAfterMs);
  });
});

describe("providers without structured output", () => {
  it.each([
    {
      name: "Azure's deployments API before api-version 2024-08-01-preview",
      env: {
        OPENAI_API_KEY: "azure-key",
        OPENAI_BASE_URL: "https://contoso.openai.azure.com",
        OPENAI_API_VERSION: "2024-02-15-preview",
        OPENAI_MODEL: "plans",
      },
      origin: "https://contoso.openai.azure.com",
      path: "/openai/deployments/plans/chat/completions",
      body: {
        error: {
          code: "BadRequest",
          message:
            "response_format value as json_schema is enabled only for api versions 2024-08-01-preview and later",
        },
      },
      status: 400,
    },
    {
      name: "an older llama.cpp server",
      env: { OPENAI_BASE_URL: "http://127.0.0.1:8080/v1", OPENAI_MODEL: "local" },
      origin: "http://127.0.0.1:8080",
      path: "/v1/chat/completions",
      body: {
        error: {
          code: 400,
          message: 'response_format type must be one of "text" or "json_object", but got: json_schema',
          type: "invalid_request_error",
        },
      },
      status: 400,
    },
    {
      name: "OpenRouter with no provider honouring the schema for the model",
      env: {
        OPENAI_API_KEY: "sk-or",
        OPENAI_BASE_URL: "https://openrouter.ai/api/v1",
        OPENAI_MODEL: "some/model",
      },
      origin: "https://openrouter.ai",
      path: "/api/v1/chat/completions",
      body: {
        error: {
          message:
            "No endpoints found that support the requested parameters. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing",
          code: 404,
        },
      },
      status: 404,
    },
  ])("says $name refused the schema, so the plan is asked for in Markdown", async (provider) => {
    nock(provider.origin)
      .post((uri) => uri.startsWith(provider.path))
      .query(true)
      .reply(provider.status, provider.body);
    const client = createLlmClient(readEnv({ ...provider.env, LLM_MAX_RETRIES: "0" }));
    if (!client) throw new Error("no client");
    await expect(
      completeChat(client, MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT }),
    ).rejects.toBeInstanceOf(StructuredOutputUnsupportedError);
  });
});

describe("answers that carry no plan", () => {
  const client = () => clientFor(providers[0] as ProviderCase);
  const answer = (choice: Record<string, unknown>) => ({
    ...chatCompletion(""),
    choices: [{ index: 0, logprobs: null, ...choice }],
  });

  it.each([
    {
      what: "output stopped by the content filter",
      choice: { finish_reason: "content_filter", message: { role: "assistant", content: null } },
      failure: "content-filter",
      transient: false,
    },
    {
      what: "output tokens used up by reasoning",
      choice: { finish_reason: "length", message: { role: "assistant", content: "" } },
      failure: "bad-answer",
      transient: false,
    },
    {
      what: "a refusal",
      choice: {
        finish_reason: "stop",
        message: { role: "assistant", content: null, refusal: "I can't help with that." },
      },
      failure: "refused",
      transient: false,
    },
    {
      what: "an empty answer with no reason",
      choice: { finish_reason: "stop", message: { role: "assistant", content: "" } },
      failure: "bad-answer",
      transient: true,
    },
  ])("reports $what", async ({ choice, failure, transient }) => {
    nock("https://api.openai.com").post("/v1/chat/completions").reply(200, answer(choice));
    const error = await completeChat(client(), MESSAGES).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).failure).toBe(failure);
    expect(classifyFailure(error).transient).toBe(transient);
  });
});

describe("provider settings", () => {
  it("picks the provider's profile from the base URL (logged at start)", () => {
    const kinds = providers.map((provider) => [provider.name, clientFor(provider).profile.kind]);
    expect(Object.fromEntries(kinds)).toEqual({
      OpenAI: "openai",
      "Azure OpenAI (v1 API)": "azure",
      "Azure OpenAI (deployments API)": "azure-deployments",
      Ollama: "compatible",
      vLLM: "compatible",
      "LM Studio": "compatible",
      "llama.cpp server": "compatible",
      OpenRouter: "openrouter",
    });
  });

  it("asks for the v1 API or an api-version when the base URL is Azure's resource root", () => {
    expect(() =>
      createLlmClient(readEnv({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "https://contoso.openai.azure.com" })),
    ).toThrow(/use its v1 API, https:\/\/contoso\.openai\.azure\.com\/openai\/v1, or set OPENAI_API_VERSION/);
  });
});
