// `issue-planner plan --github owner/repo#N [--post]` against the fake GitHub and OpenAI servers: the issue,
// the repository's settings and its files come through the API with GITHUB_TOKEN; --post runs the app's job.
import { mkdtempSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError, EXIT } from "../../src/cli/cli-error.js";
import { planCommand } from "../../src/cli/plan-command.js";
import { planComments } from "../bed/bed.js";
import { FakeGitHub, type FakeIssue, type FakeRepo } from "../bed/fake-github.js";
import { FakeOpenAi } from "../bed/fake-openai.js";
import { fixtureFiles } from "../helpers/github-mocks.js";

const github = new FakeGitHub();
const openai = new FakeOpenAi();
const PAT = "github_pat_octocat";

beforeAll(async () => {
  await Promise.all([github.start(), openai.start()]);
  github.users.set(PAT, { login: "octocat", type: "User" });
});
afterAll(async () => {
  await Promise.all([github.stop(), openai.stop()]);
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_TOKEN: PAT,
    GITHUB_API_URL: `http://${github.host}/api/v3`,
    OPENAI_API_KEY: "sk-fake",
    OPENAI_BASE_URL: openai.baseUrl,
    LLM_MAX_RETRIES: "0",
    SNAPSHOT_CACHE_DIR: join(mkdtempSync(join(tmpdir(), "issue-planner-cli-")), "snapshots"),
    ...extra,
  };
}

// Probot's client without its retries and write spacing (a second between writes), which the tests would
// otherwise wait out; one test below keeps Probot's own client.
const Unspaced = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

function run(
  options: Record<string, unknown>,
  environment = env(),
  Octokit: typeof ProbotOctokit | undefined = Unspaced,
) {
  const lines: string[] = [];
  const io = {
    progress: (line: string) => lines.push(line),
    env: environment,
    ...(Octokit ? { Octokit } : {}),
  };
  return planCommand(options, io).then((output) => ({ ...output, lines }));
}

function newIssue(files: Record<string, string> = fixtureFiles()): { repo: FakeRepo; issue: FakeIssue } {
  const repo = github.addRepo("octo-org", `shop-${Math.random().toString(36).slice(2, 8)}`, files);
  const issue = github.addIssue(
    repo,
    7,
    "Export invoices as CSV",
    "As a billing admin I want to download all invoices of a date range as a CSV file.",
  );
  return { repo, issue };
}

const writes = (from: number) =>
  github.since(from).filter((request) => request.method !== "GET" && !request.path.endsWith("/graphql"));

describe("issue-planner plan --github", () => {
  it("plans a GitHub issue from the repository on GitHub, with its settings, and writes nothing there", async () => {
    const { repo } = newIssue({
      ...fixtureFiles(),
      ".github/issue-planner.yml": "plan:\n  language: German\n",
    });
    const from = github.requests.length;
    const asked = openai.requests.length;
    // The issue's address as a browser shows it works as owner/repo#N does.
    const { stdout, exitCode, lines } = await run({
      github: `https://github.com/octo-org/${repo.name}/issues/7#issue-1`,
    });
    expect([EXIT.ok, EXIT.findings]).toContain(exitCode);
    expect(stdout).toMatch(/^### Implementation Plan: /);
    expect(lines[0]).toBe("Reading the repository...");
    const request = openai.requests[asked];
    const prompt = request?.messages.map((message) => message.content).join("\n") ?? "";
    expect(prompt).toContain("Export invoices as CSV");
    expect(prompt).toContain("German");
    expect(prompt).toContain(`octo-org/${repo.name} at commit 9fb0379`);
    expect(github.since(from).some((entry) => entry.path.includes("/tarball/"))).toBe(true);
    expect(writes(from)).toEqual([]);
  });

  it("prints the messages for a GitHub issue with --dry-run, needing no model", async () => {
    const { repo } = newIssue();
    const asked = openai.requests.length;
    const { stdout, exitCode } = await run(
      { github: `octo-org/${repo.name}#7`, dryRun: true },
      env({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "" }),
    );
    expect(exitCode).toBe(EXIT.ok);
    expect(stdout).toContain("Export invoices as CSV");
    expect(stdout).toMatch(/===== \d+ tokens in all, for gpt-4\.1 \(json replies\) =====\n/);
    expect(stdout).toMatch(/===== \d+ tokens in all, for gpt-4\.1 \(markdown replies\) =====\n$/);
    expect(openai.requests.length).toBe(asked);
  });

  it("reads the code from a local checkout when --repo is given, and the issue from GitHub", async () => {
    const { repo } = newIssue();
    const from = github.requests.length;
    const checkout = new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname;
    const { stdout } = await run({ github: `octo-org/${repo.name}#7`, repo: checkout, dryRun: true });
    expect(stdout).toContain("Export invoices as CSV");
    expect(stdout).toContain("prisma/schema.prisma");
    expect(github.since(from).some((entry) => entry.path.includes("/tarball/"))).toBe(false);
  });

  it("names the fix for a missing token, a malformed reference, an unknown issue and a pull request", async () => {
    const { repo, issue } = newIssue();
    await expect(run({ github: `octo-org/${repo.name}#7` }, env({ GITHUB_TOKEN: "" }))).rejects.toThrow(
      /^--github needs a token: GITHUB_TOKEN and GH_TOKEN are unset\. Set GITHUB_TOKEN to a token that can read/,
    );
    await expect(run({ github: "octo-org/shop/7" })).rejects.toThrow(
      new CliError(
        "--github octo-org/shop/7: not an issue's name or address. Give it as owner/repo#number or as its address, e.g. octo-org/shop#42 or https://github.com/octo-org/shop/issues/42.",
      ),
    );
    await expect(run({ github: `octo-org/${repo.name}#99` })).rejects.toThrow(
      new CliError(
        `octo-org/${repo.name}#99: not found, or GITHUB_TOKEN may not read it (HTTP 404). Check the name and the token's access to the repository.`,
      ),
    );
    await expect(run({ github: `octo-org/${repo.name}#7`, title: "x" })).rejects.toThrow(
      "--github with --issue-file, --title or --body: --github reads the issue from GitHub. Drop --issue-file, --title and --body.",
    );
    expect(issue.comments).toEqual([]);
  });

  it("names GitHub's URL and the reason when it cannot be reached, as a failure (exit code 3)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const failure = run(
      { github: "octo-org/shop#7", dryRun: true },
      env({ GITHUB_API_URL: `http://127.0.0.1:${port}` }),
    );
    await expect(failure).rejects.toMatchObject({ exitCode: EXIT.failed });
    await expect(failure).rejects.toThrow(
      `could not reach GitHub at http://127.0.0.1:${port}: ECONNREFUSED. Check GITHUB_API_URL (unset, it is api.github.com) and this machine's network.`,
    );
  });

  it("stops on a broken settings file with the problems listed, as the app would", async () => {
    const { repo } = newIssue({ ...fixtureFiles(), ".github/issue-planner.yml": "plan: [unclosed\n" });
    await expect(run({ github: `octo-org/${repo.name}#7` })).rejects.toThrow(
      new RegExp(
        `^octo-org/${repo.name}'s settings: \`\\.github/issue-planner\\.yml\` cannot be read: invalid YAML \\(.+\\)\\. Check its indentation and quoting\\. Fix them on the default branch\\.$`,
      ),
    );
  });
});

describe("issue-planner plan --github --post", () => {
  it("posts the plan as the token's user, then updates that comment in place on the next run", async () => {
    const { repo, issue } = newIssue();
    issue.labels.push("needs-plan");
    const first = await run({ github: `octo-org/${repo.name}#7`, post: true });
    expect(first).toMatchObject({ exitCode: EXIT.ok, stdout: `Plan posted on octo-org/${repo.name}#7.\n` });
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.user).toEqual({ login: "octocat", type: "User" });
    expect(issue.comments[0]?.body).toMatch(/^- +\[ \] /m);
    expect(issue.reactions.map((reaction) => reaction.content)).toEqual(["eyes", "rocket"]);
    expect(issue.labels).not.toContain("needs-plan");

    const second = await run({ github: `octo-org/${repo.name}#7`, post: true, json: true });
    expect(second.exitCode).toBe(EXIT.ok);
    expect(JSON.parse(second.stdout)).toEqual({
      issue: `octo-org/${repo.name}#7`,
      outcome: { kind: "posted" },
    });
    expect(issue.comments).toHaveLength(1);
  });

  it("posts as a bot with an app's or a workflow's token (which cannot read /user), with Probot's client", async () => {
    const { repo, issue } = newIssue();
    // Probot's own client, with its retries and write spacing, as the command runs for its users.
    const { exitCode } = await run(
      { github: `octo-org/${repo.name}#7`, post: true },
      env({ GITHUB_TOKEN: "ghs_app" }),
      undefined,
    );
    expect(exitCode).toBe(EXIT.ok);
    expect(planComments(issue)).toHaveLength(1);
  });

  it("exits 3 with the reason when the plan fails, after leaving the failure notice on the issue", async () => {
    const { repo, issue } = newIssue();
    openai.rejectKeyNext();
    const { exitCode, stderr, stdout } = await run({ github: `octo-org/${repo.name}#7`, post: true });
    expect(exitCode).toBe(EXIT.failed);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^issue-planner: could not plan octo-org\/shop-\w+#7: the language model provider rejected the app's credentials; .+\. The issue has a notice saying so; LOG_LEVEL=error prints the details\.\n$/,
    );
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toContain("rejected the app's credentials");
  });

  it("refuses combinations that would not do what they say", async () => {
    await expect(run({ repo: "x", title: "t", post: true })).rejects.toThrow(
      "--post without --github: --post needs the issue to post the plan on. Add --github owner/repo#N.",
    );
    await expect(run({ github: "o/r#1", post: true, dryRun: true })).rejects.toThrow(
      "--post with --dry-run: a dry run calls no model and posts nothing. Drop one of them.",
    );
    await expect(run({ github: "o/r#1", post: true, repo: "." })).rejects.toThrow(/Drop --repo and --ref/);
    await expect(run({ github: "o/r#1", post: true, language: "French" })).rejects.toThrow(
      /--post with --language, --instructions, --budget or --model: .+\. Drop them/,
    );
  });
});
