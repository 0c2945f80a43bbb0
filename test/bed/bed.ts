// One test bed: fake GitHub, fake OpenAI and a Redis of its own, with helpers to start app processes against
// them and to read what reached GitHub. Used by the full-process tests and the benchmarks.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PLAN_MARKER, STATUS_MARKER } from "../../src/plan/comment-markers.js";
import { fixtureFiles } from "../helpers/github-mocks.js";
import { AppProcess } from "./app-process.js";
import { FakeGitHub, type FakeIssue, type FakeRepo } from "./fake-github.js";
import { FakeOpenAi } from "./fake-openai.js";
import { OwnRedis } from "./redis-server.js";

export class TestBed {
  readonly github = new FakeGitHub();
  readonly openai = new FakeOpenAi();
  readonly redis = new OwnRedis();
  readonly processes: AppProcess[] = [];

  async start(): Promise<void> {
    await Promise.all([this.github.start(), this.openai.start(), this.redis.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop("SIGKILL")));
    for (const app of this.processes) app.removeFolders();
    if (process.env.BED_LOG_DIR) this.writeLogs(process.env.BED_LOG_DIR);
    await Promise.all([this.github.stop(), this.openai.stop(), this.redis.destroy()]);
  }

  /** Each process's output and the requests GitHub and the model saw, for reading a failed scenario. */
  writeLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    this.processes.forEach((app, index) => {
      writeFileSync(join(dir, `process-${index}.log`), app.output);
    });
    const requests = [
      ...this.github.requests.map((request) => ({
        at: request.at,
        github: `${request.method} ${request.path}`,
      })),
      ...this.openai.requests.map((request) => ({ at: request.at, model: request.tag })),
    ].sort((a, b) => a.at - b.at);
    writeFileSync(join(dir, "requests.json"), JSON.stringify(requests, null, 1));
  }

  /**
   * What happened between `from` and `to` (epoch ms), one line per event in time order: GitHub's and the model's
   * requests and every process's log messages, each line's time relative to `from` (the last `lastLines` of them).
   * For a failed test's output: a scenario that failed once on CI can be read without running it again.
   */
  timeline(from: number, to: number, lastLines = 400): string {
    const events = [
      ...this.github.requests.map((request) => ({
        at: request.at,
        what: `github ${request.method} ${request.path}`,
      })),
      ...this.openai.requests.map((request) => ({ at: request.at, what: `model call from ${request.tag}` })),
      ...this.processes.flatMap((app, index) =>
        app.logEntries().map((entry) => ({
          at: Number(entry.time),
          what: `process ${index}: ${String(entry.msg)}${entry.issue !== undefined ? ` (#${String(entry.issue)})` : ""}`,
        })),
      ),
    ];
    return events
      .filter((event) => event.at >= from && event.at <= to)
      .sort((a, b) => a.at - b.at)
      .map((event) => `+${String(event.at - from).padStart(6)} ms  ${event.what}`)
      .slice(-lastLines)
      .join("\n");
  }

  /** Settings every process of one scenario shares (its own queue name keeps scenarios apart). */
  env(queueName: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      GHE_HOST: this.github.host,
      GHE_PROTOCOL: "http",
      OPENAI_BASE_URL: this.openai.baseUrl,
      OPENAI_API_KEY: "sk-fake",
      REDIS_URL: this.redis.url,
      QUEUE_NAME: queueName,
      PLAN_SETTLE_MS: "1500",
      LLM_MAX_RETRIES: "0",
      JOB_ATTEMPTS: "8",
      JOB_BACKOFF_MS: "200",
      JOB_BACKOFF_MAX_MS: "2000",
      JOB_LOCK_MS: "2000",
      SHUTDOWN_TIMEOUT_MS: "5000",
      // Benchmarks plan hundreds of issues of one installation within minutes.
      PLANS_PER_HOUR: "10000",
      PLANS_PER_DAY: "100000",
      ...extra,
    };
  }

  async process(role: "server" | "worker", env: Record<string, string>): Promise<AppProcess> {
    const process = new AppProcess({ role, env });
    this.processes.push(process);
    await process.start();
    return process;
  }

  /** A repository of its own for a scenario, with `issues` issues carrying the trigger label. */
  repo(
    files: Record<string, string> = fixtureFiles(),
    issues = 1,
  ): { repo: FakeRepo; issues: FakeIssue[]; issue: FakeIssue } {
    const repo = this.github.addRepo("Codertocat", `bed-${randomUUID().slice(0, 8)}`, files);
    const created = Array.from({ length: issues }, (_, index) => {
      const issue = this.github.addIssue(
        repo,
        index + 1,
        "Export invoices as CSV",
        "As a billing admin I want to download all invoices of a date range as a CSV file.",
      );
      issue.labels.push("needs-plan");
      return issue;
    });
    return { repo, issues: created, issue: created[0] as FakeIssue };
  }
}

/** The app's finished plan comments on an issue (not a status-only one). */
export function planComments(issue: FakeIssue) {
  return issue.comments.filter(
    (comment) =>
      comment.user.type === "Bot" &&
      comment.body.startsWith(PLAN_MARKER) &&
      !comment.body.includes(STATUS_MARKER),
  );
}

/** Every comment the app wrote on an issue for its plan (finished or not). */
export function appPlanComments(issue: FakeIssue) {
  return issue.comments.filter(
    (comment) => comment.user.type === "Bot" && comment.body.startsWith(PLAN_MARKER),
  );
}

export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process's queue has no job waiting, running or delayed (read from its /metrics). */
export async function queueIdle(process: { base: string }): Promise<boolean> {
  const text = await (await fetch(`${process.base}/metrics`)).text();
  const counts = [...text.matchAll(/^issue_planner_queue_jobs\{state="(waiting|active|delayed)"\} (\d+)$/gm)];
  return counts.length === 3 && counts.every((match) => match[2] === "0");
}

/** Waits for an async condition, checking every 100 ms. */
export async function waitUntilAsync(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
