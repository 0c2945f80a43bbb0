import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/cli-error.js";
import { main } from "../../src/cli/main.js";
import { planCommand } from "../../src/cli/plan-command.js";
import { chatCompletion, llmReply, mockChat } from "../helpers/github-mocks.js";

const repo = new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname;
const issue = { repo, title: "Export invoices as CSV", body: "Billing admins download invoices as CSV." };

function io(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  return { lines, io: { progress: (line: string) => lines.push(line), env } };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("issue-planner plan", () => {
  it("prints the exact messages and their token counts with --dry-run, calling no model", async () => {
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);
    const { io: streams } = io();
    const { stdout, exitCode } = await planCommand({ ...issue, dryRun: true, json: true }, streams);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout) as {
      format: string;
      messages: { role: string; content: string; tokens: number }[];
      totalTokens: number;
    };
    expect(report.format).toBe("json");
    expect(report.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(report.messages[1]?.content).toContain("Plan this issue.");
    expect(report.messages[1]?.content).toContain("prisma/schema.prisma");
    expect(report.totalTokens).toBe(report.messages.reduce((sum, message) => sum + message.tokens, 0));
    expect(chat.requests).toHaveLength(0);

    const text = await planCommand({ ...issue, dryRun: true }, streams);
    expect(text.stdout).toMatch(/^===== system message \(\d+ tokens\) =====$/m);
    expect(text.stdout).toMatch(/===== \d+ tokens in all, for gpt-4\.1 \(json replies\) =====\n$/);
  });

  it("writes the plan with the configured provider, progress on stderr and the plan on stdout", async () => {
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    const { lines, io: streams } = io({ OPENAI_API_KEY: "sk-test", LLM_OUTPUT_MODE: "markdown" });
    const { stdout, exitCode } = await planCommand(issue, streams);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^### Implementation Plan: Export invoices as CSV\n/);
    expect(stdout).toContain("#### Phase 4: Testing and Validation");
    expect(lines.slice(0, 2)).toEqual(["Reading the repository...", "Writing the plan..."]);
    expect(chat.requests).toHaveLength(1);
    expect(chat.requests[0]?.model).toBe("gpt-4.1");
  });

  it("says how to configure a model when none is, and names a bad environment value", async () => {
    await expect(planCommand(issue, io().io)).rejects.toThrow(
      new CliError(
        "no language model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key), or use --dry-run.",
      ),
    );
    await expect(planCommand(issue, io({ OPENAI_API_KEY: "k", LLM_TIMEOUT_MS: "soon" }).io)).rejects.toThrow(
      /LLM_TIMEOUT_MS/,
    );
  });

  it("lists every option in its help and exits 2 on a missing one", async () => {
    let help = "";
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      help += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main(["node", "issue-planner", "plan", "--help"])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    for (const option of [
      "--repo",
      "--ref",
      "--issue-file",
      "--title",
      "--body",
      "--dry-run",
      "--json",
      "--model",
      "--budget",
      "--exclude",
      "--language",
      "--instructions",
      "--github",
      "--post",
      "GITHUB_TOKEN",
      "OPENAI_API_KEY",
    ])
      expect(help).toContain(option);
    const errors = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(["node", "issue-planner", "plan", "--title", "x"])).toBe(2);
    } finally {
      process.stderr.write = errors;
    }
  });
});
