// The committed Action bundle (dist/action/index.mjs) run as the runner runs it: a process with the runner's
// variables, inputs (`INPUT_API-KEY`, dashes kept), event file, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY, against
// the fake GitHub and OpenAI servers. CI rebuilds the bundle first and fails when the committed copy differs, so
// this tests what workflows run.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPostedPlan } from "../../src/plan/read-posted-plan.js";
import { planComments } from "../bed/bed.js";
import { FakeGitHub, type FakeIssue, type FakeRepo } from "../bed/fake-github.js";
import { FakeOpenAi } from "../bed/fake-openai.js";
import { commentPayload, labeledPayload } from "../bed/payloads.js";
import { fixtureFiles } from "../helpers/github-mocks.js";

const bundle = new URL("../../dist/action/index.mjs", import.meta.url).pathname;
const SERVER_URL = "https://github.example.com";
const github = new FakeGitHub();
const openai = new FakeOpenAi();

beforeAll(async () => {
  await Promise.all([github.start(), openai.start()]);
});
afterAll(async () => {
  await Promise.all([github.stop(), openai.stop()]);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The step's outputs, read from $GITHUB_OUTPUT as the runner reads them. */
  outputs: Record<string, string>;
  /** What the step added to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** Runs the bundle for one event, as a workflow step would, with the given inputs. */
async function runAction(
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {},
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "issue-planner-action-"));
  const files = {
    event: join(dir, "event.json"),
    output: join(dir, "output"),
    summary: join(dir, "summary"),
  };
  // Workflow events carry no installation.
  const { installation: _installation, ...event } = payload as Record<string, unknown>;
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  const env = runnerEnv(dir, eventName, files, inputs);
  const run = await new Promise<Omit<Run, "outputs" | "summary">>((resolve) => {
    execFile(process.execPath, [bundle], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
  return {
    ...run,
    outputs: readOutputs(readFileSync(files.output, "utf8")),
    summary: readFileSync(files.summary, "utf8"),
  };
}

function runnerEnv(
  dir: string,
  eventName: string,
  files: { event: string; output: string; summary: string },
  inputs: Record<string, string>,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_API_URL: `http://${github.host}/api/v3`,
    GITHUB_SERVER_URL: SERVER_URL,
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    RUNNER_TEMP: dir,
    SNAPSHOT_CACHE_DIR: join(dir, "snapshots"),
    // The runner sets every declared input, empty when the workflow leaves it out; defaults from action.yml.
    "INPUT_GITHUB-TOKEN": "ghs_workflow_token",
    "INPUT_API-KEY": "sk-fake",
    "INPUT_BASE-URL": openai.baseUrl,
    INPUT_MODEL: "gpt-4.1",
    "INPUT_OUTPUT-MODE": "auto",
    INPUT_LABEL: "needs-plan",
    "INPUT_CONFIG-PATH": ".github/issue-planner.yml",
    "INPUT_ISSUE-NUMBER": "",
    INPUT_LANGUAGE: "",
    INPUT_INSTRUCTIONS: "",
    // The SDK's own retries would make the failure cases slow.
    LLM_MAX_RETRIES: "0",
    ...inputs,
  };
}

/** $GITHUB_OUTPUT as the runner reads it: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match) continue;
    const end = lines.indexOf(match[2] as string, index + 1);
    outputs[match[1] as string] = lines.slice(index + 1, end).join("\n");
    index = end;
  }
  return outputs;
}

function newIssue(): { repo: FakeRepo; issue: FakeIssue } {
  const repo = github.addRepo(
    "Codertocat",
    `action-${Math.random().toString(36).slice(2, 8)}`,
    fixtureFiles(),
  );
  const issue = github.addIssue(
    repo,
    1,
    "Export invoices as CSV",
    "As a billing admin I want to download all invoices of a date range as a CSV file.",
  );
  issue.labels.push("needs-plan");
  return { repo, issue };
}

/** A `workflow_dispatch` event as GitHub writes it, for the fake repository. */
function dispatchPayload(repo: FakeRepo, issueNumber: string): Record<string, unknown> {
  const payload = JSON.parse(
    readFileSync(new URL("../fixtures/payloads/workflow_dispatch.json", import.meta.url), "utf8"),
  );
  Object.assign(payload.repository, {
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
  });
  payload.repository.owner.login = repo.owner;
  payload.inputs = { "issue-number": issueNumber };
  return payload;
}

/** The lines a reader sees in the step's log (`::debug::` lines show only with debug logging). */
function visibleLines(run: Run): string[] {
  return run.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("::debug::"));
}

function errorLines(run: Run): string[] {
  return run.stdout.split("\n").filter((line) => line.startsWith("::error::"));
}

/** A short log: a few lines, no event payload, no stack frame outside the debug lines. */
function expectShortLog(run: Run, issue: FakeIssue): void {
  const lines = visibleLines(run);
  expect(lines.length).toBeLessThanOrEqual(6);
  expect(run.stdout).not.toContain(issue.body);
  expect(run.stdout).not.toMatch(/node_id|avatar_url|"sender"/);
  expect(lines.some((line) => /^\s+at /.test(line))).toBe(false);
  expect(run.stderr).toBe("");
}

describe("the GitHub Action bundle", () => {
  it("posts one plan for a labeled issue, links it in a notice, outputs and the summary, in a short log", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issues", labeledPayload(repo, issue));
    expect(run.code).toBe(0);
    expect(planComments(issue)).toHaveLength(1);
    const comment = planComments(issue)[0] as FakeIssue["comments"][number];
    const url = `${SERVER_URL}/Codertocat/${repo.name}/issues/1#issuecomment-${comment.id}`;
    expect(run.stdout).toContain(`::notice::issue-planner planned Codertocat/${repo.name}#1: ${url}\n`);
    expect(run.outputs).toMatchObject({
      result: "posted",
      "comment-url": url,
      "comment-id": String(comment.id),
    });
    const plan = readFileSync(run.outputs.plan as string, "utf8");
    expect(plan).toBe(readPostedPlan(comment.body));
    expect(plan).toMatch(/^- +\[ \] /m);
    expect(run.summary).toContain(`## Plan for [Codertocat/${repo.name}#1](${url})`);
    expect(run.summary).toContain(plan);
    expectShortLog(run, issue);
    // The trigger label is taken off once the plan is posted, as the app does.
    expect(issue.labels).not.toContain("needs-plan");
    const requests = github.requests.filter((request) => request.path.includes(repo.name));
    expect(requests.every((request) => request.authorization === "token ghs_workflow_token")).toBe(true);
  });

  it("fails the run with one error line naming the input and the failed request, after telling the issue", async () => {
    const { repo, issue } = newIssue();
    openai.rejectKeyNext();
    const run = await runAction("issues", labeledPayload(repo, issue));
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([
      `::error::issue-planner could not plan Codertocat/${repo.name}#1: The language model provider rejected the app's credentials; check the \`api-key\` input. The model provider's last failed request: POST /v1/chat/completions answered 401.`,
    ]);
    expect(run.stdout).not.toMatch(/OPENAI_API_KEY|operator|ProviderError/);
    expect(run.outputs).toMatchObject({ result: "failed", "comment-url": "", plan: "" });
    expect(run.summary).toContain("check the `api-key` input");
    expectShortLog(run, issue);
    expect(planComments(issue)).toHaveLength(0);
    expect(issue.comments.some((comment) => comment.body.includes("rejected the app's credentials"))).toBe(
      true,
    );
  });

  it("names GitHub's refused request and the token's permissions when the plan cannot be posted", async () => {
    const { repo, issue } = newIssue();
    const denied = (method: string, path: string) =>
      method === "POST" && path.endsWith(`/${repo.name}/issues/1/comments`);
    github.faults.push({
      match: denied,
      status: 403,
      body: { message: "Resource not accessible by integration" },
      times: 2,
    });
    const run = await runAction("issues", labeledPayload(repo, issue));
    expect(run.code).toBe(1);
    const [error, ...others] = errorLines(run);
    expect(others).toEqual([]);
    expect(error).toContain(
      `POST /api/v3/repos/Codertocat/${repo.name}/issues/1/comments answered 403: Resource not accessible by integration`,
    );
    expect(error).toContain("Check the `github-token` input and the job's `permissions:`");
    expect(run.stdout).not.toContain("see the log above");
    expectShortLog(run, issue);
  });

  it("waits for the retry of a passing failure instead of ending the run before it", async () => {
    const { repo, issue } = newIssue();
    openai.rateLimitNext = 1;
    // Longer than idle HTTP connections stay open: only the run itself keeps the process alive for the retry.
    openai.retryAfterMs = 6_000;
    try {
      const run = await runAction("issues", labeledPayload(repo, issue), { JOB_BACKOFF_MS: "1000" });
      expect(run.stdout).toContain("Warning: plan job will be retried");
      expect(run.code).toBe(0);
      expect(run.outputs.result).toBe("posted");
      expect(planComments(issue)).toHaveLength(1);
    } finally {
      openai.retryAfterMs = 200;
    }
  });

  it("passes with a notice saying why when the event asks for no plan", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issue_comment", commentPayload(repo, issue, "Looks good to me"));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "::notice::issue-planner: no plan for this event: the comment is not a /plan command.",
    );
    expect(run.outputs).toMatchObject({ result: "nothing-to-do", "comment-url": "", plan: "" });
    expect(issue.comments).toHaveLength(0);
  });

  it("plans on a /plan comment from a collaborator with write access", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction(
      "issue_comment",
      commentPayload(repo, issue, "/plan keep the export streaming"),
    );
    expect(run.code).toBe(0);
    expect(planComments(issue)).toHaveLength(1);
    expect(run.outputs.result).toBe("posted");
  });

  it("ends /plan help with a notice linking the answer", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issue_comment", commentPayload(repo, issue, "/plan help"));
    expect(run.code).toBe(0);
    const help = issue.comments.find((comment) => comment.body.startsWith("<!-- issue-planner:help -->"));
    expect(help).toBeDefined();
    const url = `${SERVER_URL}/Codertocat/${repo.name}/issues/1#issuecomment-${help?.id}`;
    expect(run.stdout).toContain(
      `::notice::issue-planner answered \`/plan help\` on Codertocat/${repo.name}#1: ${url}\n`,
    );
    expect(run.outputs).toMatchObject({ result: "help", "comment-url": url, plan: "" });
  });

  it("refuses a /plan from a user without write access, without failing the run", async () => {
    const { repo, issue } = newIssue();
    const payload = commentPayload(repo, issue, "/plan");
    const login = (payload.comment as { user: { login: string } }).user.login;
    repo.permissions.set(login, "read");
    const run = await runAction("issue_comment", payload);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`no plan for this event: ${login} may not ask for plans here`);
    expect(run.outputs.result).toBe("nothing-to-do");
    expect(planComments(issue)).toHaveLength(0);
  });

  it("fails with a message naming the fix when the workflow runs it on another event", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("push", labeledPayload(repo, issue));
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([
      "::error::issue-planner: it plans issues: trigger the workflow `on: issues`, `on: issue_comment`, or `on: workflow_dispatch` with the `issue-number` input (this run is for `push`).",
    ]);
    expect(run.outputs.result).toBe("failed");
  });

  it("names the input, not the app's variable, when an input is invalid", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issues", labeledPayload(repo, issue), {
      "INPUT_OUTPUT-MODE": "yaml",
      "INPUT_BASE-URL": "ftp://models.example.com",
    });
    expect(run.code).toBe(1);
    const [error, ...others] = errorLines(run);
    expect(others).toEqual([]);
    expect(error).toContain("the `output-mode` input: invalid option");
    expect(error).toContain("the `base-url` input: must be an http(s) URL");
    expect(run.stdout).not.toMatch(/LLM_OUTPUT_MODE|OPENAI_BASE_URL|Invalid environment/);
    expect(github.requests.some((request) => request.path.includes(repo.name))).toBe(false);
  });

  it("names the `api-key` input when no model is configured", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issues", labeledPayload(repo, issue), {
      "INPUT_API-KEY": "",
      "INPUT_BASE-URL": "",
    });
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([
      `::error::issue-planner could not plan Codertocat/${repo.name}#1: The app has no language model configured: set the \`api-key\` input (or the \`base-url\` input for a server that needs no key).`,
    ]);
    expect(run.stdout).not.toMatch(/OPENAI_API_KEY|UserFacingError/);
  });

  it("plans an existing issue dispatched from the Actions tab, read with one request", async () => {
    const { repo, issue } = newIssue();
    issue.labels.length = 0;
    const from = github.requests.length;
    const run = await runAction("workflow_dispatch", dispatchPayload(repo, "1"), {
      "INPUT_ISSUE-NUMBER": "1",
    });
    expect(run.code).toBe(0);
    expect(planComments(issue)).toHaveLength(1);
    expect(run.outputs.result).toBe("posted");
    expect(run.stdout).toContain(`::notice::issue-planner planned Codertocat/${repo.name}#1: ${SERVER_URL}/`);
    const issueReads = github.requests
      .slice(from)
      .filter((request) => request.method === "GET" && request.path.endsWith(`/${repo.name}/issues/1`));
    expect(issueReads).toHaveLength(1);
    // Whoever can dispatch a workflow has write access: no permission look-up.
    expect(github.requests.slice(from).some((request) => request.path.includes("/collaborators/"))).toBe(
      false,
    );
  });

  it("names the `issue-number` input when a dispatch names no issue, or one that does not exist", async () => {
    const { repo } = newIssue();
    const empty = await runAction("workflow_dispatch", dispatchPayload(repo, ""));
    expect(empty.code).toBe(1);
    expect(errorLines(empty)[0]).toContain("its `issue-number` input names, and it is empty");
    const missing = await runAction("workflow_dispatch", dispatchPayload(repo, "99"), {
      "INPUT_ISSUE-NUMBER": "99",
    });
    expect(missing.code).toBe(1);
    expect(errorLines(missing)).toEqual([
      `::error::issue-planner: the \`issue-number\` input: Codertocat/${repo.name} has no issue #99 the \`github-token\` can read (GET /api/v3/repos/Codertocat/${repo.name}/issues/99 answered 404: Not Found).`,
    ]);
  });

  it("writes the plan in the `language` input with the `instructions`, unless the repository's file says otherwise", async () => {
    const inputs = { INPUT_LANGUAGE: "German", INPUT_INSTRUCTIONS: "Scripts run with pnpm, never npm." };
    const { repo, issue } = newIssue();
    const from = openai.requests.length;
    expect((await runAction("issues", labeledPayload(repo, issue), inputs)).code).toBe(0);
    const prompt = openai.requests[from]?.messages.map((message) => message.content).join("\n") ?? "";
    expect(prompt).toContain("Write the plan's sentences in German");
    expect(prompt).toContain("Scripts run with pnpm, never npm.");

    const own = newIssue();
    own.repo.files[".github/issue-planner.yml"] = "plan:\n  language: French\n";
    const next = openai.requests.length;
    expect((await runAction("issues", labeledPayload(own.repo, own.issue), inputs)).code).toBe(0);
    const ownPrompt = openai.requests[next]?.messages.map((message) => message.content).join("\n") ?? "";
    expect(ownPrompt).toContain("Write the plan's sentences in French");
    expect(ownPrompt).toContain("Scripts run with pnpm, never npm.");
  });
});
