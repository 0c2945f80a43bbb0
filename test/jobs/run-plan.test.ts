// runPlan driven directly, as a queue calls it, for what only the Redis queue asks of it: a job whose workers kept
// stopping is reported on the issue, not planned again.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { namedBotAuthor } from "../../src/github/own-author.js";
import { writeOrder } from "../../src/github/write-order.js";
import { planJobDeps } from "../../src/jobs/plan-job-deps.js";
import { runPlan } from "../../src/jobs/run-plan.js";
import { createLlmClient } from "../../src/llm/create-llm-client.js";
import { createMemoryRuntime } from "../../src/memory-runtime.js";
import { Metrics } from "../../src/observability/metrics.js";
import { FAILURE_MARKER, PLAN_MARKER } from "../../src/plan/comment-markers.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";
import { requestFromLabel } from "../../src/triggers/request-from-label.js";
import {
  mockAllowedTrigger,
  mockFailureNotice,
  mockListComments,
  mockReaction,
} from "../helpers/github-mocks.js";
import { collectUnmatched, loadPayload, resetNock } from "../helpers/test-app.js";

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

function jobDeps() {
  const env = readEnv({ OPENAI_API_KEY: "sk-test", PLAN_SETTLE_MS: "0" });
  const runtime = createMemoryRuntime(env, log);
  const probot = new Probot({
    appId: 123,
    privateKey: generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey,
    log,
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  const sources = {
    ...runtime,
    llm: createLlmClient(env),
    env,
    snapshotCache: new SnapshotCache(mkdtempSync(join(tmpdir(), "run-plan-cache-")), 10_000_000),
    metrics: new Metrics(runtime.queue),
  };
  return {
    ...planJobDeps(sources, (id) => probot.auth(id), log),
    ownAuthor: namedBotAuthor("issue-planner[bot]"),
  };
}

function labelRequest(deliveryId: string) {
  const decision = requestFromLabel(loadPayload("issues.labeled") as never, deliveryId, {
    config: defaultRepoConfig(),
    known: false,
  });
  if (decision.kind !== "plan") throw new Error("the fixture's label event must start a plan");
  return decision.request;
}

/** A label trigger's job run as its 20th takeover: the queue hands it over as stopped. */
function runStopped(deliveryId: string) {
  return runPlan(labelRequest(deliveryId), jobDeps(), {
    number: 1,
    final: true,
    rerun: true,
    stoppedTimes: 20,
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(resetNock);

describe("runPlan", () => {
  it("reports a job whose workers kept stopping instead of planning it again", async () => {
    const unmatched = collectUnmatched();
    const notice = mockFailureNotice();
    const scopes = [...mockAllowedTrigger(), mockReaction("issue", "eyes"), ...notice.scopes];

    const outcome = await runStopped("delivery-stopped");

    expect(outcome.kind).toBe("failed");
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    // No tarball, no model call: the job that may end every worker is not run again.
    expect(unmatched).toEqual([]);
    expect(notice.body().startsWith(FAILURE_MARKER)).toBe(true);
    expect(notice.body()).toContain("started 20 times");
    expect(notice.body()).toContain("delivery-stopped");
    expect(notice.body()).toContain("could not write a plan for this issue.");
  });

  it("says the plan an earlier run posted stays as it was, when the job that stopped had posted it", async () => {
    // A worker posted the plan, then died before the labels; the next ones died too, until the job was stopped.
    const listed = mockListComments([{ id: 1001, body: `${PLAN_MARKER}\n### Implementation Plan: Export` }]);
    const notice = mockFailureNotice(true);
    const scopes = [...mockAllowedTrigger(), mockReaction("issue", "eyes"), listed, ...notice.scopes];

    const outcome = await runStopped("delivery-stopped-2");

    expect(outcome.kind).toBe("failed");
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(notice.body()).toContain(
      "could not write a new plan for this issue: the plan already here is from an earlier run and was not updated.",
    );
    expect(notice.body()).toContain("started 20 times");
  });

  it("runs a job run again with its GitHub writes ahead of those of its process's other jobs", async () => {
    const orders: (number | undefined)[] = [];
    const deps = {
      ...jobDeps(),
      // The job's first step: the order its requests will be spaced in is known here.
      getOctokit: async () => {
        orders.push(writeOrder.getStore());
        throw new Error("stopped after the first step");
      },
    };
    const request = labelRequest("delivery-order");
    await expect(runPlan(request, deps, { number: 1, final: false, rerun: true })).rejects.toThrow(
      "first step",
    );
    await expect(runPlan(request, deps, { number: 1, final: false, rerun: false })).rejects.toThrow(
      "first step",
    );
    expect(orders[0]).toBeTypeOf("number");
    expect(orders[1]).toBeUndefined();
  });
});
