// The starting server's warm-up (src/webhooks/warm-up.ts): the real app, served over HTTP in this process, takes
// the warm-up's signed deliveries through its whole admission into the warm-up's own queue, and nothing else:
// not the real queue, not the metrics, not GitHub.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { readEnv } from "../../src/config/env.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { AppOctokit } from "../../src/github/app-octokit.js";
import type { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import type { PlanQueue } from "../../src/jobs/plan-queue.js";
import { createMemoryRuntime } from "../../src/memory-runtime.js";
import { Metrics } from "../../src/observability/metrics.js";
import { isWarmUpDelivery } from "../../src/observability/warm-up-id.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";
import { requestFromComment } from "../../src/triggers/request-from-comment.js";
import { requestFromLabel } from "../../src/triggers/request-from-label.js";
import { localWebhookUrl, warmUpServer } from "../../src/webhooks/warm-up.js";
import { WARM_UP_OWNER, warmUpDeliveries } from "../../src/webhooks/warm-up-deliveries.js";

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/** The keys of a JSON value, in order, all the way down: what decides the shapes V8 gives parsed objects. */
function keyTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyTree);
  if (typeof value !== "object" || value === null) return typeof value;
  return Object.entries(value).map(([key, inner]) => [key, keyTree(inner)]);
}

function example(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}.json`, import.meta.url), "utf8"));
}

describe("the warm-up deliveries", () => {
  const all = [...warmUpDeliveries(6)];

  it("are label events and /plan comments in turn, each with an id of this process's warm-up", () => {
    expect(all.map((one) => one.name)).toEqual([
      "issues",
      "issue_comment",
      "issues",
      "issue_comment",
      "issues",
      "issue_comment",
    ]);
    expect(new Set(all.map((one) => one.id)).size).toBe(6);
    for (const one of all) expect(isWarmUpDelivery(one.id)).toBe(true);
    expect(isWarmUpDelivery("72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe(false);
    expect(isWarmUpDelivery(all[0]?.id.replace(/^issue-planner-warm-up-./, "issue-planner-warm-up-0"))).toBe(
      false,
    );
  });

  it("have GitHub's payload shapes, key for key, on repositories of an account GitHub cannot have", () => {
    // Both events carry the label event's repository, which has every field GitHub sends today.
    const { repository } = example("issues.labeled") as { repository: unknown };
    for (const one of all) {
      const payload = JSON.parse(one.body);
      const recorded = example(one.name === "issues" ? "issues.labeled" : "issue_comment.created");
      const expected = { ...(recorded as object), repository, installation: payload.installation };
      expect(keyTree(payload)).toEqual(keyTree(expected));
      expect(payload.repository.owner.login).toBe(WARM_UP_OWNER);
    }
    // A GitHub login is alphanumeric with single inner hyphens: it cannot begin with one.
    expect(WARM_UP_OWNER).toMatch(/^-/);
  });

  it("are each admitted by the handlers' decisions, so the warm-up runs the enqueue too", () => {
    const read = { config: defaultRepoConfig(), known: false };
    const issues = new Set<number>();
    for (const one of all) {
      const payload = JSON.parse(one.body);
      const decision =
        one.name === "issues"
          ? requestFromLabel(payload, one.id, read)
          : requestFromComment(payload, one.id, read);
      expect(decision.kind, one.name).toBe("plan");
      issues.add(payload.issue.number);
    }
    expect(issues.size).toBe(6);
  });
});

describe("localWebhookUrl", () => {
  it("reaches a server bound to every address over the loopback, and any other at its own address", () => {
    expect(localWebhookUrl("0.0.0.0", 3000, "/hooks")).toBe("http://127.0.0.1:3000/hooks");
    expect(localWebhookUrl("[::]", 3000, "/hooks")).toBe("http://[::1]:3000/hooks");
    expect(localWebhookUrl("10.1.2.3", 8080, "/api/github/webhooks")).toBe(
      "http://10.1.2.3:8080/api/github/webhooks",
    );
    expect(localWebhookUrl("[::1]", 3000, "/x")).toBe("http://[::1]:3000/x");
  });
});

interface Served {
  probot: Probot;
  url: string;
  queue: InProcessQueue;
  warmUpQueue: InProcessQueue;
  metrics: Metrics;
  server: Server;
}

/** The real app in a Probot of its own, served over HTTP on a loopback port, as `npm start` serves it. */
async function serve(withWarmUpQueue: boolean): Promise<Served> {
  const env = readEnv({ OPENAI_API_KEY: "sk-test" });
  const runtime = createMemoryRuntime(env, log);
  const warmUp = runtime.createWarmUpQueue();
  const metrics = new Metrics(runtime.queue);
  const probot = new Probot({
    appId: 1,
    privateKey: "not used: no request is made",
    secret: "s3cret",
    log,
    Octokit: AppOctokit,
  });
  const app = createApp({
    ...runtime,
    llm: null,
    env,
    snapshotCache: new SnapshotCache("/nonexistent-warm-up-cache", 1),
    metrics,
    runWorker: false,
    role: "server",
    ...(withWarmUpQueue ? { warmUpQueue: warmUp.queue } : {}),
  });
  const middleware = await createNodeMiddleware(app, { probot });
  const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    probot,
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    queue: runtime.queue,
    warmUpQueue: warmUp.queue as InProcessQueue,
    metrics,
    server,
  };
}

/** The warm-up against the served app, signed with its own secret, with no deadline to speak of. */
function warmUp({ probot, url }: Served, deliveries: number) {
  return warmUpServer({ url, sign: (body) => probot.webhooks.sign(body), deliveries, deadlineMs: 60_000 });
}

async function counted(metrics: Metrics): Promise<number> {
  const values = (await metrics.webhooks.get()).values;
  return values.reduce((sum, entry) => sum + entry.value, 0);
}

describe("warmUpServer", () => {
  let served: Served | undefined;
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(async () => {
    served?.server.closeAllConnections();
    served?.server.close();
    served = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("takes every delivery through the admission into the warm-up queue, and nothing anywhere else", async () => {
    served = await serve(true);
    const report = await warmUp(served, 250);
    expect(report).toMatchObject({ sent: 250, statuses: { "200": 250 } });
    // Every delivery is an issue of its own: 250 jobs waiting in the warm-up queue, none in the real one.
    const held = await served.warmUpQueue.stats();
    expect(held.waiting + held.delayed).toBe(250);
    expect(await served.queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await counted(served.metrics)).toBe(0);
    expect((await served.metrics.webhookGithubRequests.get()).values[0]?.value ?? 0).toBe(0);
    // Closed, the warm-up queue hands back the 250 requests it held.
    expect((await served.warmUpQueue.close(0)).length).toBe(250);
  });

  it("queues a warm-up delivery nowhere when the server has no warm-up queue", async () => {
    served = await serve(false);
    const report = await warmUp(served, 20);
    expect(report.statuses).toEqual({ "200": 20 });
    expect(await served.queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(await counted(served.metrics)).toBe(0);
  });

  it("counts no warm-up delivery the handlers turn down, where they count GitHub's", async () => {
    served = await serve(true);
    const [first] = [...warmUpDeliveries(1)];
    const payload = JSON.parse(first?.body ?? "{}");
    payload.sender.type = "Bot";
    const receive = (id: string) => served?.probot.receive({ id, name: "issues", payload } as never);
    await receive(first?.id ?? "");
    expect(await counted(served.metrics)).toBe(0);
    await receive("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    expect(await counted(served.metrics)).toBe(1);
  });

  it("starts no burst past its deadline", async () => {
    served = await serve(true);
    const { probot, url } = served;
    // The clock moves 10 ms each time it is read: the deadline passes after the second burst started.
    let clock = 0;
    const now = () => (clock += 10);
    const report = await warmUpServer({
      url,
      sign: (body) => probot.webhooks.sign(body),
      deliveries: 1_000,
      deadlineMs: 25,
      now,
    });
    expect(report.sent).toBe(200);
    expect(report.statuses).toEqual({ "200": 200 });
  });

  it("starts no burst once its server stops", async () => {
    served = await serve(true);
    const { probot, url } = served;
    const stopped = new AbortController();
    const report = await warmUpServer({
      url,
      sign: async (body) => {
        stopped.abort();
        return probot.webhooks.sign(body);
      },
      deliveries: 1_000,
      deadlineMs: 60_000,
      signal: stopped.signal,
    });
    expect(report).toMatchObject({ sent: 100, statuses: { "200": 100 } });
  });

  it("says how many deliveries went unanswered when the server is not there", async () => {
    const report = await warmUpServer({
      url: "http://127.0.0.1:9/api/github/webhooks",
      sign: async () => "sha256=0",
      deliveries: 150,
      deadlineMs: 60_000,
    });
    expect(report).toMatchObject({ sent: 150, statuses: { "0": 150 } });
  });

  it("is refused by a server signing with another secret, and the refusals are counted as such", async () => {
    served = await serve(true);
    const report = await warmUpServer({
      url: served.url,
      sign: async (body) => `sha256=${createHmac("sha256", "not-the-secret").update(body).digest("hex")}`,
      deliveries: 10,
      deadlineMs: 60_000,
    });
    expect(report.statuses).toEqual({ "400": 10 });
    expect((await served.warmUpQueue.stats()).delayed).toBe(0);
  });
});

describe("the warm-up queue and the real one", () => {
  it("are never the same queue", () => {
    const env = readEnv({ OPENAI_API_KEY: "sk-test" });
    const runtime = createMemoryRuntime(env, log);
    const warmUp = runtime.createWarmUpQueue();
    expect(warmUp.queue).not.toBe(runtime.queue as PlanQueue);
  });
});
