import { type AddressInfo, createServer } from "node:net";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CliError, EXIT } from "../../src/cli/cli-error.js";
import { planCommand } from "../../src/cli/plan-command.js";
import { runCli } from "../../src/cli/run-cli.js";
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
      model: string;
      prompts: {
        format: string;
        sentWhen: string;
        messages: { role: string; content: string; tokens: number }[];
        totalTokens: number;
      }[];
    };
    // LLM_OUTPUT_MODE=auto: which prompt is sent depends on the provider, so both are shown.
    expect(report.prompts.map((prompt) => prompt.format)).toEqual(["json", "markdown"]);
    for (const prompt of report.prompts) {
      expect(prompt.messages.map((message) => message.role)).toEqual(["system", "user"]);
      expect(prompt.messages[1]?.content).toContain("Plan this issue.");
      expect(prompt.messages[1]?.content).toContain("prisma/schema.prisma");
      expect(prompt.totalTokens).toBe(prompt.messages.reduce((sum, message) => sum + message.tokens, 0));
    }
    expect(report.prompts[0]?.messages[0]?.content).not.toBe(report.prompts[1]?.messages[0]?.content);
    expect(chat.requests).toHaveLength(0);

    const text = await planCommand({ ...issue, dryRun: true }, streams);
    expect(text.stdout).toMatch(/^===== system message \(\d+ tokens\) =====$/m);
    expect(text.stdout).toMatch(/^##### prompt 1 of 2: json replies, sent first/m);
    expect(text.stdout).toMatch(
      /^##### prompt 2 of 2: markdown replies, sent instead, when the provider refuses/m,
    );
    expect(text.stdout).toMatch(/===== \d+ tokens in all, for gpt-4\.1 \(markdown replies\) =====\n$/);

    const markdownOnly = io({ LLM_OUTPUT_MODE: "markdown" }).io;
    const one = await planCommand({ ...issue, dryRun: true }, markdownOnly);
    expect(one.stdout).not.toContain("#####");
    expect(one.stdout).toMatch(/===== \d+ tokens in all, for gpt-4\.1 \(markdown replies\) =====\n$/);
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
    const before = io();
    await expect(planCommand(issue, before.io)).rejects.toThrow(CliError);
    // Said before any work: the repository was not read.
    expect(before.lines).toEqual([]);
    const noIssue = io({ OPENAI_API_KEY: "k" });
    await expect(planCommand({ repo, title: "" }, noIssue.io)).rejects.toThrow(CliError);
    expect(noIssue.lines).toEqual([]);
    await expect(planCommand(issue, io().io)).rejects.toThrow(
      new CliError(
        "no language model configured: OPENAI_API_KEY and OPENAI_BASE_URL are unset. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key), or add --dry-run to print the messages without a model.",
      ),
    );
    await expect(planCommand(issue, io({ OPENAI_API_KEY: "k", LLM_TIMEOUT_MS: "soon" }).io)).rejects.toThrow(
      /^LLM_TIMEOUT_MS: /,
    );
  });

  it("names the model's URL and the reason when it cannot be reached, and exits 3", async () => {
    const port = await closedPort();
    nock.enableNetConnect("127.0.0.1");
    try {
      const { code, stdout, stderr } = await cli(["plan", "--repo", repo, "--title", issue.title], {
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        LLM_MAX_RETRIES: "0",
      });
      expect(code).toBe(EXIT.failed);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        [
          "Reading the repository...",
          "Writing the plan...",
          `issue-planner: could not reach the model at http://127.0.0.1:${port}/v1: ECONNREFUSED. Check OPENAI_BASE_URL (unset, it is OpenAI's API), and that the server runs and this machine can reach it.`,
          "",
        ].join("\n"),
      );
    } finally {
      nock.disableNetConnect();
    }
  });

  it("says which server rejected the key, and exits 3: the plan could not be written", async () => {
    mockChat([{ status: 401, body: { error: { message: "Incorrect API key", code: "invalid_api_key" } } }]);
    const { code, stderr } = await cli(["plan", "--repo", repo, "--title", issue.title], {
      OPENAI_API_KEY: "sk-wrong",
    });
    expect(code).toBe(EXIT.failed);
    expect(stderr).toContain(
      "issue-planner: the model at https://api.openai.com/v1 rejected the API key (HTTP 401). Check OPENAI_API_KEY, and that OPENAI_BASE_URL is the provider the key is for.\n",
    );
  });

  it("lists every option with its default, examples and exit codes in its help", async () => {
    const { code, stdout } = await cli(["plan", "--help"]);
    expect(code).toBe(EXIT.ok);
    const options = [
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
    ];
    for (const option of options) {
      // An option's help runs from its flag to the next option or heading; its default is said within.
      const entry = new RegExp(`^  ${option} [\\s\\S]*?(?=\\n  --|\\n\\n)`, "m").exec(stdout)?.[0] ?? "";
      expect(entry, option).toMatch(/\(default:\s[^)]+\)/);
    }
    for (const text of [
      "GITHUB_TOKEN",
      "OPENAI_API_KEY",
      "Examples:",
      "$ issue-planner plan --issue-file issue.md --dry-run",
      "Exit codes:",
    ])
      expect(stdout).toContain(text);

    const root = await cli(["--help"]);
    expect(root.code).toBe(EXIT.ok);
    for (const command of [
      "context [options]",
      "plan [options]",
      "lint-plan [options] <file>",
      "Exit codes:",
    ])
      expect(root.stdout).toContain(command);
  });

  it("says commander's usage errors in the CLI's style, exiting 2", async () => {
    const missing = await cli(["plan", "--title"]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toBe(
      "issue-planner: plan: option '--title <title>' argument missing. Run `issue-planner plan --help` for its options and examples.\n",
    );
    const unknown = await cli(["plan", "--dryrun"]);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toBe(
      "issue-planner: plan: unknown option '--dryrun' (Did you mean --dry-run?). Run `issue-planner plan --help` for its options and examples.\n",
    );
    // The command's own checks print the same way.
    const noIssue = await cli(["plan", "--repo", repo, "--dry-run"]);
    expect(noIssue.code).toBe(EXIT.usage);
    expect(noIssue.stderr).toMatch(/^issue-planner: no issue given: .+\. Give --issue-file FILE/m);
  });
});

/** The whole command line in-process, as the process entry runs it, with its output collected. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "issue-planner", ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}

/** A local port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
