import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { LimitWaitError } from "../../src/limits/limit-wait-error.js";
import {
  type ChatTurn,
  completeChat,
  StructuredOutputUnsupportedError,
} from "../../src/llm/complete-chat.js";
import { createLlmClient, type LlmClient } from "../../src/llm/create-llm-client.js";
import { PLAN_RESPONSE_FORMAT } from "../../src/llm/plan-response-format.js";
import { ProviderError } from "../../src/llm/provider-error.js";
import { chatCompletion } from "../helpers/github-mocks.js";

const OPENAI = "https://api.openai.com";
const MESSAGES: ChatTurn[] = [
  { role: "system", content: "You write implementation plans." },
  { role: "user", content: "Plan this issue." },
];

function client(env: Record<string, string> = {}): LlmClient {
  const created = createLlmClient(
    readEnv({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-4.1", LLM_MAX_RETRIES: "0", ...env }),
  );
  if (!created) throw new Error("no client");
  return created;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("completeChat", () => {
  it("sends the conversation to the configured model and returns the trimmed answer with its usage", async () => {
    let sent: Record<string, unknown> = {};
    const scope = nock(OPENAI)
      .post("/v1/chat/completions", (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(200, chatCompletion("\n  ### Implementation Plan: Export\n\n"));
    const reply = await completeChat(client(), MESSAGES);
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ model: "gpt-4.1", messages: MESSAGES });
    expect(reply).toEqual({
      text: "### Implementation Plan: Export",
      model: "gpt-4.1-2025-04-14",
      usage: { inputTokens: 2_100, outputTokens: 640 },
    });
  });

  it("names the configured model and no usage when the answer carries neither", async () => {
    const { model: _model, usage: _usage, ...bare } = chatCompletion("plan");
    nock(OPENAI).post("/v1/chat/completions").reply(200, bare);
    expect(await completeChat(client(), MESSAGES)).toEqual({ text: "plan", model: "gpt-4.1", usage: null });
  });

  it("adds the provider's routing fields to a structured request only", async () => {
    const bodies: Record<string, unknown>[] = [];
    nock("https://openrouter.ai")
      .post("/api/v1/chat/completions", (body: Record<string, unknown>) => {
        bodies.push(body);
        return true;
      })
      .times(2)
      .reply(200, chatCompletion("{}"));
    const openrouter = client({
      OPENAI_BASE_URL: "https://openrouter.ai/api/v1",
      OPENAI_MODEL: "openai/gpt-4.1",
    });
    await completeChat(openrouter, MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT });
    await completeChat(openrouter, MESSAGES);
    expect(bodies[0]).toMatchObject({
      provider: { require_parameters: true },
      response_format: { type: "json_schema" },
    });
    expect(bodies[1]).not.toHaveProperty("provider");
    expect(bodies[1]).not.toHaveProperty("response_format");
  });

  it("runs the request inside the client's gate, and lets the gate's refusal through as it is", async () => {
    nock(OPENAI).post("/v1/chat/completions").reply(200, chatCompletion("plan"));
    const gated = client();
    const entered: string[] = [];
    gated.gate = async (call) => {
      entered.push("gate");
      return call();
    };
    expect((await completeChat(gated, MESSAGES)).text).toBe("plan");
    expect(entered).toEqual(["gate"]);

    const refusing = client();
    const full = new LimitWaitError("llm-rate", 30_000);
    refusing.gate = async () => {
      throw full;
    };
    await expect(completeChat(refusing, MESSAGES)).rejects.toBe(full);
  });

  it("reports an error OpenRouter sends inside a 200 answer as a transient provider failure", async () => {
    nock(OPENAI)
      .post("/v1/chat/completions")
      .reply(200, {
        ...chatCompletion(""),
        choices: [{ index: 0, finish_reason: "error", message: { role: "assistant", content: "" } }],
        error: { code: 502, message: "Provider returned error" },
      });
    const error = await completeChat(client(), MESSAGES).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      failure: "unavailable",
      transient: true,
      message: "The language model provider failed while answering (502).",
    });
  });

  it("does not take a prompt over the context window for a refused schema, though the message names it", async () => {
    nock(OPENAI)
      .post("/v1/chat/completions")
      .reply(400, {
        error: {
          message:
            "Input tokens exceed the configured limit of 1047576 tokens. Your messages and the json_schema resulted in 1200000 tokens.",
          type: "invalid_request_error",
          param: "messages",
          code: "context_length_exceeded",
        },
      });
    const error = await completeChat(client(), MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT }).catch(
      (caught: unknown) => caught,
    );
    expect(error).not.toBeInstanceOf(StructuredOutputUnsupportedError);
    expect(error).toMatchObject({ failure: "context-too-long" });
  });

  it("takes a schema complaint for a refusal of structured output only when a schema was asked for", async () => {
    const refusal = {
      error: {
        message: "response_format json_schema is not supported by this model",
        type: "invalid_request_error",
      },
    };
    nock(OPENAI).post("/v1/chat/completions").times(2).reply(400, refusal);
    await expect(
      completeChat(client(), MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT }),
    ).rejects.toBeInstanceOf(StructuredOutputUnsupportedError);
    const plain = await completeChat(client(), MESSAGES).catch((caught: unknown) => caught);
    expect(plain).toBeInstanceOf(ProviderError);
    expect(plain).not.toBeInstanceOf(StructuredOutputUnsupportedError);
  });

  it("treats a server error naming the schema as a provider failure, not a refusal of the schema", async () => {
    nock(OPENAI)
      .post("/v1/chat/completions")
      .reply(500, {
        error: { message: "Internal error while compiling the json_schema grammar", type: "server_error" },
      });
    const error = await completeChat(client(), MESSAGES, { responseFormat: PLAN_RESPONSE_FORMAT }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ transient: true });
  });
});
