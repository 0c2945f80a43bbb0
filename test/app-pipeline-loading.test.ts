// A webhook-only server (WORKER=false) never loads the plan pipeline (tokenizers, stack rules, parsers: most of
// a process's heap), so its garbage collections stay short; a worker loads it as it starts, before any job.
import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readEnv } from "../src/config/env.js";
import { namedBotAuthor } from "../src/github/own-author.js";
import type { InProcessQueue } from "../src/jobs/in-process-queue.js";
import { Metrics } from "../src/observability/metrics.js";
import { createRuntime } from "../src/runtime.js";
import { loadPayload, recordingLog, testProbot } from "./helpers/test-app.js";

const pipeline = vi.hoisted(() => ({ loads: 0 }));

vi.mock("../src/jobs/run-plan.js", async (importOriginal) => {
  pipeline.loads += 1;
  return importOriginal();
});

async function loadApp(runWorker: boolean, log = pino({ level: "silent" })) {
  // Imported afresh each time: the app a test loads imports the pipeline as that test's mocks say.
  const { createApp } = await import("../src/app.js");
  const env = readEnv({ OPENAI_API_KEY: "sk-test", JOB_ATTEMPTS: "1", PLAN_SETTLE_MS: "0" });
  const runtime = createRuntime(env, log);
  const probot = testProbot(log);
  await probot.load(
    createApp({
      ...runtime,
      llm: null,
      env,
      snapshotCache: undefined as never,
      metrics: new Metrics(runtime.queue),
      runWorker,
      role: runWorker ? "server+worker" : "server",
      ownAuthor: namedBotAuthor("issue-planner[bot]"),
    }),
    { cwd: process.cwd(), addHandler: () => undefined },
  );
  return { probot, queue: runtime.queue as InProcessQueue };
}

function labeled(probot: Probot, id: string) {
  const payload = loadPayload("issues.labeled");
  return probot.receive({ name: "issues", id, payload } as Parameters<Probot["receive"]>[0]);
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  pipeline.loads = 0;
  vi.resetModules();
});

describe("the plan pipeline's loading", () => {
  it("is never loaded by a webhook-only server, which still queues the triggers it admits", async () => {
    const { probot, queue } = await loadApp(false);
    await labeled(probot, "d1a2b3c4-0000-11f0-8000-00000000aa01");
    await new Promise((resolve) => setImmediate(resolve));

    expect((await queue.stats()).waiting).toBe(1);
    expect(pipeline.loads).toBe(0);
  });

  it("is loaded once as a worker starts, before any job asks for it", async () => {
    await loadApp(true);
    await vi.waitFor(() => expect(pipeline.loads).toBe(1));
  });

  it("fails each job, logged for the operator, when it cannot be loaded; the process goes on", async () => {
    let attempted = false;
    vi.doMock("../src/jobs/run-plan.js", () => {
      attempted = true;
      throw new Error("Cannot find module 'gpt-tokenizer'");
    });
    const { log, lines } = recordingLog("warn");
    const { probot, queue } = await loadApp(true, log);
    // No job yet: the failed load must not be an unhandled rejection (which ends a Node process).
    await vi.waitFor(() => expect(attempted).toBe(true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));

    await labeled(probot, "d1a2b3c4-0000-11f0-8000-00000000aa02");
    await queue.onIdle();

    const [failure] = lines("plan job failed on its last attempt");
    expect(failure).toMatchObject({ err: { message: expect.stringContaining("gpt-tokenizer") } });
  });
});
