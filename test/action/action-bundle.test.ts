// The committed Action bundle (dist/action/index.mjs) run as the runner runs it: a process with the runner's
// variables and inputs, against the fake GitHub and OpenAI servers. CI rebuilds the bundle first and fails when
// the committed copy differs, so this tests what workflows run.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planComments } from "../bed/bed.js";
import { FakeGitHub, type FakeIssue, type FakeRepo } from "../bed/fake-github.js";
import { FakeOpenAi } from "../bed/fake-openai.js";
import { commentPayload, labeledPayload } from "../bed/payloads.js";
import { fixtureFiles } from "../helpers/github-mocks.js";

const bundle = new URL("../../dist/action/index.mjs", import.meta.url).pathname;
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
}

/** Runs the bundle for one event, as a workflow step would, with the given inputs. */
function runAction(eventName: string, payload: unknown, inputs: Record<string, string> = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "issue-planner-action-"));
  const eventPath = join(dir, "event.json");
  // Workflow events carry no installation.
  const { installation: _installation, ...event } = payload as Record<string, unknown>;
  writeFileSync(eventPath, JSON.stringify(event));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: `http://${github.host}/api/v3`,
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    RUNNER_TEMP: dir,
    SNAPSHOT_CACHE_DIR: join(dir, "snapshots"),
    LOG_FORMAT: "json",
    "INPUT_GITHUB-TOKEN": "ghs_workflow_token",
    "INPUT_API-KEY": "sk-fake",
    "INPUT_BASE-URL": openai.baseUrl,
    INPUT_MODEL: "gpt-4.1",
    "INPUT_OUTPUT-MODE": "auto",
    INPUT_LABEL: "needs-plan",
    "INPUT_CONFIG-PATH": ".github/issue-planner.yml",
    // The SDK's own retries would make the failure cases slow.
    LLM_MAX_RETRIES: "0",
    ...inputs,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
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

describe("the GitHub Action bundle", () => {
  it("posts one plan for a labeled issue with the workflow's token and passes the run", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issues", labeledPayload(repo, issue));
    expect(run.stdout).toContain(`::notice::issue-planner planned Codertocat/${repo.name}#1.`);
    expect(run.code).toBe(0);
    expect(planComments(issue)).toHaveLength(1);
    expect(planComments(issue)[0]?.body).toMatch(/^- +\[ \] /m);
    // The trigger label is taken off once the plan is posted, as the app does.
    expect(issue.labels).not.toContain("needs-plan");
    const auth = github.requests.filter((request) => request.path.includes(repo.name));
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((request) => request.authorization === "token ghs_workflow_token")).toBe(true);
  });

  it("fails the run with an error annotation when the plan fails, after telling the issue", async () => {
    const { repo, issue } = newIssue();
    openai.rejectKeyNext();
    const run = await runAction("issues", labeledPayload(repo, issue));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::issue-planner could not plan Codertocat/${repo.name}#1: .*rejected the app's credentials`,
      ),
    );
    expect(planComments(issue)).toHaveLength(0);
    expect(issue.comments.some((comment) => comment.body.includes("rejected the app's credentials"))).toBe(
      true,
    );
  });

  it("passes with a notice saying why when the event asks for no plan", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issue_comment", commentPayload(repo, issue, "Looks good to me"));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "::notice::issue-planner: no plan for this event: the comment is not a /plan command.",
    );
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
  });

  it("refuses a /plan from a user without write access, without failing the run", async () => {
    const { repo, issue } = newIssue();
    const payload = commentPayload(repo, issue, "/plan");
    const login = (payload.comment as { user: { login: string } }).user.login;
    repo.permissions.set(login, "read");
    const run = await runAction("issue_comment", payload);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`no plan for this event: ${login} may not ask for plans here`);
    expect(planComments(issue)).toHaveLength(0);
  });

  it("fails with a message naming the fix when the workflow runs it on another event", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("push", labeledPayload(repo, issue));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::issue-planner: it plans issues: trigger the workflow `on: issues`",
    );
  });

  it("fails with a message naming the input when a setting is invalid", async () => {
    const { repo, issue } = newIssue();
    const run = await runAction("issues", labeledPayload(repo, issue), { "INPUT_OUTPUT-MODE": "yaml" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::issue-planner: Invalid environment: LLM_OUTPUT_MODE:");
  });
});
