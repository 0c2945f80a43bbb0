// The client Probot gives the app's webhook handlers (handler-client.ts): one shared client that refuses requests,
// while the app's own authentication (an installation's client for a plan job) is unchanged.
import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { serverPolicy } from "../../src/config/validate-repo-config.js";
import { AppOctokit } from "../../src/github/app-octokit.js";
import { HANDLER_CLIENT_REASON, HandlerRequestError } from "../../src/github/handler-client.js";
import { unspacedReader } from "../../src/github/unspaced-reader.js";
import { InProcessQueue } from "../../src/jobs/in-process-queue.js";
import { Metrics } from "../../src/observability/metrics.js";
import { WebhookAdmission } from "../../src/webhooks/webhook-admission.js";

const API = "https://api.github.com";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function labeled(installation: number, issue: number) {
  return {
    id: `delivery-${installation}-${issue}`,
    name: "issues",
    payload: {
      action: "labeled",
      installation: { id: installation },
      repository: { name: "Hello-World", owner: { login: "Codertocat" } },
      issue: { number: issue },
      label: { name: "needs-plan" },
      sender: { login: "octocat", type: "User" },
    },
  } as unknown as Parameters<Probot["receive"]>[0];
}

function app() {
  return new Probot({ appId: 123, privateKey, log: pino({ level: "silent" }), Octokit: AppOctokit });
}

describe("the webhook handlers' GitHub client", () => {
  it("is one client for every event, whichever installation sent it", async () => {
    const probot = app();
    const clients: unknown[] = [];
    probot.on("issues.labeled", async (context) => {
      clients.push(context.octokit);
    });
    await probot.receive(labeled(1, 1));
    await probot.receive(labeled(1, 2));
    await probot.receive(labeled(2, 3));
    expect(clients).toHaveLength(3);
    expect(new Set(clients).size).toBe(1);
  });

  it("refuses a request with the reason, and sends nothing to GitHub", async () => {
    const probot = app();
    const github = nock(API).get("/repos/Codertocat/Hello-World").reply(200, {});
    const token = nock(API).post("/app/installations/1/access_tokens").reply(201, { token: "ghs_x" });
    let failure: unknown;
    probot.on("issues.labeled", async (context) => {
      failure = await context.octokit.rest.repos.get(context.repo()).catch((error: unknown) => error);
    });
    await probot.receive(labeled(1, 1));
    expect(failure).toBeInstanceOf(HandlerRequestError);
    expect((failure as Error).message).toContain(HANDLER_CLIENT_REASON);
    expect((failure as Error).message).toContain("/repos/{owner}/{repo}");
    expect(github.isDone()).toBe(false);
    expect(token.isDone()).toBe(false);
  });

  it("leaves the app's installation clients authenticated as the installation, for the plan jobs", async () => {
    const probot = app();
    const token = nock(API)
      .post("/app/installations/7/access_tokens")
      .reply(201, { token: "ghs_installation", expires_at: "2099-01-01T00:00:00Z" });
    const repo = nock(API, { reqheaders: { authorization: "token ghs_installation" } })
      .get("/repos/Codertocat/Hello-World")
      .reply(200, { full_name: "Codertocat/Hello-World" });
    const octokit = await probot.auth(7);
    const { data } = await octokit.rest.repos.get({ owner: "Codertocat", repo: "Hello-World" });
    expect(data.full_name).toBe("Codertocat/Hello-World");
    expect(token.isDone() && repo.isDone()).toBe(true);
  });

  it("keeps the installation's authentication for a client built on it (the job's unspaced GraphQL reader)", async () => {
    const probot = app();
    nock(API)
      .post("/app/installations/7/access_tokens")
      .reply(201, { token: "ghs_installation", expires_at: "2099-01-01T00:00:00Z" });
    const query = nock(API, { reqheaders: { authorization: "token ghs_installation" } })
      .post("/graphql")
      .reply(200, { data: { viewer: { login: "app[bot]" } } });
    const reader = unspacedReader(await probot.auth(7));
    const answer = await reader.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
    expect(answer.viewer.login).toBe("app[bot]");
    expect(query.isDone()).toBe(true);
  });

  it("counts a handler's request attempts once each in /metrics, however many events shared the client", async () => {
    const probot = app();
    const env = readEnv({});
    const queue = new InProcessQueue({ concurrency: 1, log: pino({ level: "silent" }) });
    const metrics = new Metrics(queue);
    const admission = new WebhookAdmission({
      queue,
      metrics,
      policy: serverPolicy(env),
    });
    probot.on("issues.labeled", async (context) => {
      await admission.accept(context, async () => {
        await context.octokit.request("GET /rate_limit").catch(() => undefined);
      });
    });
    for (let issue = 1; issue <= 3; issue += 1) await probot.receive(labeled(1, issue));
    const text = await metrics.registry.metrics();
    expect(text).toContain("issue_planner_webhook_github_requests_total 3");
  });
});
