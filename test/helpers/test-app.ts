// Loads the real app into a Probot instance with an in-process queue, for tests that drive it with webhooks.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { type Logger, pino } from "pino";
import { type ApplicationFunctionOptions, Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/app.js";
import { readEnv } from "../../src/config/env.js";
import { namedBotAuthor } from "../../src/github/own-author.js";
import type { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import { createLlmClient } from "../../src/llm/create-llm-client.js";
import { Metrics } from "../../src/observability/metrics.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";
import { createRuntime } from "../../src/runtime.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
export const API = "https://api.github.com";
export const REPO_API = `/repos/${OWNER}/${REPO}`;
export const OPENAI = "https://api.openai.com";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export function loadPayload<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}.json`, import.meta.url), "utf8")) as T;
}

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

export interface TestApp {
  probot: Probot;
  queue: InProcessQueue;
  metrics: Metrics;
  handlers: Handler[];
}

/** A Probot instance for app 123 whose GitHub client neither retries nor throttles (tests mock GitHub with nock). */
export function testProbot(log: Logger): Probot {
  return new Probot({
    appId: 123,
    privateKey,
    log,
    // Probot re-adds its throttle options unless the function form is used (see notes/stack.md).
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
}

export async function createTestApp(
  envOverrides: Record<string, string> = {},
  progressUpdateAfterMs = Number.POSITIVE_INFINITY,
  log: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
): Promise<TestApp> {
  const env = readEnv({
    OPENAI_API_KEY: "sk-test",
    LLM_MAX_RETRIES: "2",
    // One attempt and no settle delay unless a test is about them: failures are reported at once.
    JOB_ATTEMPTS: "1",
    PLAN_SETTLE_MS: "0",
    ...envOverrides,
  });
  const runtime = createRuntime(env, log);
  const queue = runtime.queue as InProcessQueue;
  const metrics = new Metrics(queue);
  const probot = testProbot(log);
  const handlers: Handler[] = [];
  // A fresh cache per app: every test downloads its own snapshot.
  const snapshotCache = new SnapshotCache(
    mkdtempSync(join(tmpdir(), "issue-planner-test-cache-")),
    100_000_000,
  );
  await probot.load(
    createApp({
      ...runtime,
      llm: createLlmClient(env),
      env,
      snapshotCache,
      metrics,
      runWorker: true,
      role: "server+worker",
      // What GET /app would give (the test bed's processes read it): the bot account whose comments are the app's.
      ownAuthor: namedBotAuthor("issue-planner[bot]"),
      // The status at once and no stage updates, unless a test is about them.
      progress: { firstStatusAfterMs: 0, updateAfterMs: progressUpdateAfterMs },
    }),
    {
      cwd: process.cwd(),
      addHandler: (handler) => handlers.push(handler),
    },
  );
  return { probot, queue, metrics, handlers };
}

/** A logger that keeps its JSON lines (from `level` up), for a test that reads what the app logged. */
export function recordingLog(level = "info"): {
  log: Logger;
  lines: (message: string) => Record<string, unknown>[];
} {
  const entries: Record<string, unknown>[] = [];
  const log = pino(
    { level },
    { write: (line: string) => void entries.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines: (message) => entries.filter((entry) => entry.msg === message) };
}

/** Delivers a webhook to the app and waits until the jobs it queued are done. */
export async function receiveWebhook(
  app: TestApp,
  name: "issues" | "issue_comment",
  payload: unknown,
  id = "d1a2b3c4-0000-11f0-8000-000000000001",
): Promise<void> {
  await app.probot.receive({ name, id, payload } as Parameters<typeof app.probot.receive>[0]);
  await app.queue.onIdle();
}

/** The requests nock could not match from now on (a test expects none); `resetNock` stops collecting. */
export function collectUnmatched(): string[] {
  const unmatched: string[] = [];
  nock.emitter.on("no match", (req: { method?: string; path?: string }) => {
    unmatched.push(`${req.method} ${req.path}`);
  });
  return unmatched;
}

export function resetNock(): void {
  nock.emitter.removeAllListeners("no match");
  nock.cleanAll();
}
