import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { createLlmClient } from "../../src/llm/create-llm-client.js";
import { prepareDraft, writeDraft } from "../../src/pipeline/draft-plan.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { buildPlanMessages } from "../../src/plan/build-plan-messages.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { chatCompletion, llmReply, mockChat } from "../helpers/github-mocks.js";

const repo = new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname;
const env = readEnv({ OPENAI_API_KEY: "sk-test", LLM_MAX_RETRIES: "0", LLM_OUTPUT_MODE: "markdown" });

async function source(refine?: { currentPlan: string; feedback: string }) {
  const settings = planSettings(env, undefined, { budget: 6_000, language: "German" });
  return {
    settings,
    draft: {
      files: safeSnapshot(await openLocalSnapshot(repo), { maxFileBytes: settings.maxFileBytes }),
      issue: {
        number: 7,
        title: "Export invoices as CSV",
        body: "Billing admins download `InvoiceTable` rows.",
      },
      instructions: "keep it small",
      ...(refine ? { refine } : {}),
      indexContents: true,
    },
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("prepareDraft", () => {
  it("builds the context within the budget and the model's input from the settings, calling no model", async () => {
    const { draft, settings } = await source();
    const prepared = await prepareDraft(draft, settings);
    expect(prepared.context.tokens).toBeLessThanOrEqual(6_000);
    expect(prepared.context.files[0]?.path).toBe("src/components/InvoiceTable.tsx");
    expect(prepared.input).toMatchObject({ instructions: "keep it small", language: "German" });
    expect(prepared.facts.files.has("prisma/schema.prisma")).toBe(true);
    const [, user] = buildPlanMessages(prepared.input, "markdown");
    expect(user?.content).toContain("keep it small");
  });

  it("passes a refine's feedback as the refine, not as guidance besides it", async () => {
    const { draft, settings } = await source({
      currentPlan: "### Implementation Plan: x",
      feedback: "drop 2.1",
    });
    const prepared = await prepareDraft(draft, settings);
    expect(prepared.input.instructions).toBe("");
    expect(prepared.input.refine).toEqual({
      currentPlan: "### Implementation Plan: x",
      feedback: "drop 2.1",
    });
  });
});

describe("writeDraft", () => {
  it("writes the checked plan with the settings' model", async () => {
    const { draft, settings } = await source();
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    const llm = createLlmClient(env);
    if (!llm) throw new Error("no client");
    const drafted = await writeDraft(await prepareDraft(draft, settings), settings, {
      llm,
      log: pino({ level: "silent" }),
    });
    expect(chat.requests[0]?.model).toBe("gpt-4.1");
    expect(drafted.written.plan.title).toBe("Export invoices as CSV");
    expect(drafted.context.files.length).toBeGreaterThan(0);
  });
});
