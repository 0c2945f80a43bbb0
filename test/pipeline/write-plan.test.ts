import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { createLlmClient, type LlmClient } from "../../src/llm/create-llm-client.js";
import { writePlan } from "../../src/pipeline/write-plan.js";
import type { Plan } from "../../src/plan/plan-model.js";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown.js";
import { buildRepoFacts } from "../../src/plan/repo-facts.js";
import { chatCompletion, mockChat, PACKAGE_JSON, TREE_PATHS } from "../helpers/github-mocks.js";

const log = pino({ level: "silent" });
const facts = buildRepoFacts(TREE_PATHS, new Map([["package.json", PACKAGE_JSON]]));
const input = {
  issue: { number: 1, title: "Export invoices as CSV", body: "Admins need CSV exports." },
  instructions: "",
  codebaseContext: "Repository: Codertocat/Hello-World",
};

function client(mode: "auto" | "json" | "markdown"): LlmClient {
  const llm = createLlmClient(
    readEnv({ OPENAI_API_KEY: "sk-test", LLM_MAX_RETRIES: "0", LLM_OUTPUT_MODE: mode }),
  );
  if (!llm) throw new Error("no client");
  return llm;
}

const task = (title: string, steps: string[]) => ({ title, steps });
const goodPlan: Plan = {
  title: "Export invoices as CSV",
  summary: "Admins download invoices as CSV.",
  phases: {
    dataLayer: {
      tasks: [task("No schema change", ["No change is needed: `prisma/schema.prisma` has every field."])],
    },
    backend: {
      tasks: [
        task("Add the route", ["Create a new file: `src/app/api/export/route.ts`.", "Check the admin role."]),
      ],
    },
    frontend: { tasks: [task("Add the button", ["Modify `src/app/invoices/page.tsx`."])] },
    testing: { tasks: [task("Unit Tests (Vitest)", ["Run `npm test`."])] },
  },
};
const inventedPlan: Plan = structuredClone(goodPlan);
inventedPlan.phases.backend.tasks[0] = task("Add the route", [
  "Open `src/server/invoices/export.ts`.",
  "Run `npm run db:seed`.",
]);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("writePlan", () => {
  it("asks for structured output and reads the JSON plan", async () => {
    const chat = mockChat([{ status: 200, body: chatCompletion(JSON.stringify(goodPlan)) }]);
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 2, log });
    expect(written).toMatchObject({
      plan: goodPlan,
      fixed: [],
      remaining: [],
      repairRounds: 0,
      format: "json",
    });
    expect(written.usage).toEqual({ inputTokens: 2100, outputTokens: 640 });
    const request = chat.requests[0] as unknown as {
      response_format: { type: string; json_schema: { name: string } };
    };
    expect(request.response_format.type).toBe("json_schema");
    expect(request.response_format.json_schema.name).toBe("implementation_plan");
  });

  it("falls back to Markdown when the provider refuses structured output, and remembers it", async () => {
    const llm = client("auto");
    const chat = mockChat([
      {
        status: 400,
        body: {
          error: {
            message: "Unsupported parameter: 'response_format' of type 'json_schema'",
            type: "invalid_request_error",
          },
        },
      },
      { status: 200, body: chatCompletion(renderPlanMarkdown(goodPlan)) },
      { status: 200, body: chatCompletion(renderPlanMarkdown(goodPlan)) },
    ]);
    const first = await writePlan({ llm, input, facts, repairRounds: 2, log });
    expect(first.format).toBe("markdown");
    expect(first.plan).toEqual(goodPlan);
    const second = chat.requests[1] as unknown as {
      response_format?: unknown;
      messages: { content: string }[];
    };
    expect(second.response_format).toBeUndefined();
    expect(second.messages[0]?.content).toContain("no code fence around it");
    await writePlan({ llm, input, facts, repairRounds: 2, log });
    expect(chat.requests).toHaveLength(3);
    expect((chat.requests[2] as unknown as { response_format?: unknown }).response_format).toBeUndefined();
  });

  it("sends the findings back to the model and takes its corrected plan", async () => {
    const chat = mockChat([
      { status: 200, body: chatCompletion(JSON.stringify(inventedPlan)) },
      { status: 200, body: chatCompletion(JSON.stringify(goodPlan)) },
    ]);
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 2, log });
    expect(written).toMatchObject({ plan: goodPlan, repairRounds: 1, fixed: [], remaining: [] });
    const repair = chat.requests[1]?.messages ?? [];
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[3]?.content).toContain("`src/server/invoices/export.ts` does not exist in the repository");
    expect(repair[3]?.content).toContain("(task 2.1, step 1)");
    expect(repair[3]?.content).toContain("the script `db:seed`");
  });

  it("stops after the configured rounds and turns what is still invented into assumptions", async () => {
    // Each reply invents a new path, so every round has something the model was not told of yet.
    const inventing = (path: string) => {
      const plan = structuredClone(inventedPlan);
      plan.phases.backend.tasks[0] = task("Add the route", [`Open \`${path}\`.`, "Run `npm run db:seed`."]);
      return plan;
    };
    const chat = mockChat([
      { status: 200, body: chatCompletion(JSON.stringify(inventing("src/server/csv.ts"))) },
      { status: 200, body: chatCompletion(JSON.stringify(inventing("src/server/export.ts"))) },
      { status: 200, body: chatCompletion(JSON.stringify(inventedPlan)) },
    ]);
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 2, log });
    expect(chat.requests).toHaveLength(3);
    expect(written.repairRounds).toBe(2);
    expect(written.remaining).toEqual([]);
    expect(written.fixed.map((entry) => entry.finding.rule)).toEqual([
      "ground/path-missing",
      "ground/script-missing",
    ]);
    expect(written.plan.phases.backend.tasks[0]?.steps[0]).toMatch(
      /^ASSUMPTION: Open `src\/server\/invoices\/export\.ts`\./,
    );
    // The second request names only the new path: the model was already told of the missing script.
    const second = chat.requests[2]?.messages.at(-1)?.content ?? "";
    expect(second).toContain("`src/server/export.ts` does not exist");
    expect(second).not.toContain("db:seed");
  });

  it("repairs an unreadable reply, and fails clearly when it stays unreadable", async () => {
    mockChat([
      { status: 200, body: chatCompletion("I'm sorry, I can't help with that.") },
      { status: 200, body: chatCompletion("Still no plan.") },
    ]);
    await expect(writePlan({ llm: client("markdown"), input, facts, repairRounds: 1, log })).rejects.toThrow(
      "could not be read as a plan, even after 1 repair round",
    );
  });

  it("fills a phase the model left out with an assumption, and reports it", async () => {
    const markdown = renderPlanMarkdown(goodPlan).replace(/#### Phase 3[\s\S]*?(?=#### Phase 4)/, "");
    mockChat([{ status: 200, body: chatCompletion(markdown) }]);
    const written = await writePlan({ llm: client("markdown"), input, facts, repairRounds: 0, log });
    expect(written.plan.phases.frontend.tasks[0]?.steps[0]).toMatch(/^ASSUMPTION:/);
    expect(written.fixed.map((entry) => entry.finding.rule)).toEqual(["format/phase-missing"]);
  });
  it("asks for one repair, not two, when the model answers the same plan again", async () => {
    const chat = mockChat([
      { status: 200, body: chatCompletion(JSON.stringify(inventedPlan)) },
      { status: 200, body: chatCompletion(JSON.stringify(inventedPlan)) },
    ]);
    // Three rounds allowed: a second repair request would find no reply mocked and fail the plan.
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 3, log });
    expect(chat.requests).toHaveLength(2);
    expect(chat.scope.isDone()).toBe(true);
    expect(written.repairRounds).toBe(1);
    const requests = (chat.requests[1]?.messages ?? []).filter((m) =>
      m.content.includes("failed issue-planner's"),
    );
    expect(requests).toHaveLength(1);
    expect(written.fixed.map((entry) => entry.finding.subject)).toEqual([
      "src/server/invoices/export.ts",
      "db:seed",
    ]);
    expect(written.remaining).toEqual([]);
  });

  it("stops when a changed reply leaves only problems the model was already told of", async () => {
    const halfFixed: Plan = structuredClone(inventedPlan);
    halfFixed.phases.backend.tasks[0] = task("Add the route", [
      "Open `src/server/invoices/export.ts` and add the handler.",
      "Check the admin role.",
    ]);
    const chat = mockChat([
      { status: 200, body: chatCompletion(renderPlanMarkdown(inventedPlan)) },
      { status: 200, body: chatCompletion(renderPlanMarkdown(halfFixed)) },
    ]);
    const written = await writePlan({ llm: client("markdown"), input, facts, repairRounds: 2, log });
    expect(chat.requests).toHaveLength(2);
    expect(written.repairRounds).toBe(1);
    expect(written.plan.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: Open `src/server/invoices/export.ts` and add the handler. (`src/server/invoices/export.ts` is not in the repository: find the right file or create it first.)",
      "Check the admin role.",
    ]);
  });

  it("posts a correct plan naming CSS classes, routes and members without a repair round", async () => {
    const styled: Plan = structuredClone(goodPlan);
    styled.phases.frontend.tasks[0] = task("Add the button", [
      "Modify `src/app/invoices/page.tsx` to show the count in a `.rank-circle` badge with `.btn:hover` styles.",
      "Link to `/invoices/:id` and read `process.env.NEXT_PUBLIC_API_URL`; the handler answers with `res.json`.",
    ]);
    const chat = mockChat([{ status: 200, body: chatCompletion(JSON.stringify(styled)) }]);
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 2, log });
    expect(chat.requests).toHaveLength(1);
    expect(written).toMatchObject({ plan: styled, repairRounds: 0, fixed: [], remaining: [] });
  });

  it("lists a problem the plan has in two steps once among the fixes, and marks both steps", async () => {
    const twice: Plan = structuredClone(goodPlan);
    twice.phases.backend.tasks[0] = task("Add the route", [
      "Open `src/server/invoices/export.ts`.",
      "Export the handler from `src/server/invoices/export.ts`.",
    ]);
    mockChat([{ status: 200, body: chatCompletion(JSON.stringify(twice)) }]);
    const written = await writePlan({ llm: client("json"), input, facts, repairRounds: 0, log });
    expect(written.fixed.map((entry) => entry.finding.message)).toEqual([
      "`src/server/invoices/export.ts` does not exist in the repository and no step creates it.",
    ]);
    expect(written.plan.phases.backend.tasks[0]?.steps.every((step) => step.startsWith("ASSUMPTION:"))).toBe(
      true,
    );
  });
});
