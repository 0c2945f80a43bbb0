// What an operator sees of the real server process: /metrics kept off the public port or behind a token, probes
// not logged at info, one `name` per JSON log line, and a setup mode that says what it is.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { AppProcess } from "../bed/app-process.js";
import { freePort } from "../bed/redis-server.js";

const base = { OPENAI_API_KEY: "sk-e2e", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http" };
const started: AppProcess[] = [];

async function start(env: Record<string, string>, readyPath?: string): Promise<AppProcess> {
  const app = new AppProcess({
    role: "server",
    env: { ...base, ...env },
    ...(readyPath ? { readyPath } : {}),
  });
  started.push(app);
  await app.start();
  return app;
}

afterAll(async () => {
  await Promise.all(started.map((app) => app.stop("SIGKILL")));
  for (const app of started) app.removeFolders();
});

function jsonLines(output: string): string[] {
  return output.split("\n").filter((line) => line.startsWith("{"));
}

describe("the operator's view of the server", () => {
  it("serves /metrics only with the bearer token when METRICS_TOKEN is set", async () => {
    const token = randomBytes(24).toString("hex");
    const app = await start({ METRICS_TOKEN: token });
    expect((await fetch(`${app.base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.base}/metrics`, { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("issue_planner_jobs_total");
    // The health check stays open for load balancers.
    expect((await fetch(`${app.base}/health`)).status).toBe(200);
  });

  it("moves /metrics to METRICS_PORT, off the webhook port", async () => {
    const metricsPort = await freePort();
    const app = await start({ METRICS_PORT: String(metricsPort) });
    expect((await fetch(`${app.base}/metrics`)).status).toBe(404);
    const moved = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain("issue_planner_webhooks_total");
  });

  it("logs probes at debug, other requests at info, and never repeats the name key in a JSON line", async () => {
    const app = await start({});
    for (let index = 0; index < 3; index += 1) await fetch(`${app.base}/health`);
    await fetch(`${app.base}/metrics`);
    await fetch(`${app.base}/no-such-page`);
    await app.waitForOutput("GET /no-such-page");
    expect(app.output).toContain("GET /no-such-page 404");
    expect(app.output).not.toContain("GET /health");
    expect(app.output).not.toContain("GET /metrics");
    const lines = jsonLines(app.output);
    expect(lines.length).toBeGreaterThan(2);
    // Never a repeated key (Probot's own banner comes from the root logger and carries none).
    for (const line of lines) expect((line.match(/"name":/g) ?? []).length, line).toBeLessThanOrEqual(1);
    expect(lines.some((line) => line.includes('"name":"http"'))).toBe(true);
  });

  it("says it is in setup mode, and where the webhook URL is set, when it has no credentials", async () => {
    const app = await start({ APP_ID: "", PRIVATE_KEY: "" }, "/probot");
    expect((await fetch(`${app.base}/probot`)).status).toBe(200);
    await app.waitForOutput("no GitHub App credentials yet");
    const [line] = jsonLines(app.output)
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((entry) => String(entry.msg).startsWith("no GitHub App credentials yet"));
    expect(line).toMatchObject({ role: "setup" });
    expect(String(line?.msg)).toContain("/api/github/webhooks");
    expect(app.output).not.toContain('"role":"server+worker"');
  });

  it("starts without its warm-up when Redis is unreachable, and says why", async () => {
    const app = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    await app.waitForOutput("issue-planner started");
    expect(app.output).toContain("webhook warm-up skipped: the queue is unavailable");
    const health = await fetch(`${app.base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable" });
  });

  it("answers /health 503 starting while it warms up, and stops cleanly when told to meanwhile", async () => {
    // 20,000 deliveries: longer than the 5 s the warm-up may take. /metrics answers as soon as the server listens.
    const app = await start({ WEBHOOK_WARM_UP: "20000" }, "/metrics");
    const health = await fetch(`${app.base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "starting" });
    const stoppedAt = Date.now();
    expect(await app.stop("SIGTERM")).toBe(0);
    // Nothing of the warm-up holds the stop up: the process ends well before the warm-up's 5 s.
    expect(Date.now() - stoppedAt).toBeLessThan(4_000);
    expect(app.output).toContain("shutting down");
    expect(app.output).not.toContain("issue-planner started");
  });

  it("takes no warm-up with WEBHOOK_WARM_UP=0", async () => {
    const app = await start({ WEBHOOK_WARM_UP: "0" });
    await app.waitForOutput("issue-planner started");
    expect(app.output).not.toContain("warm");
  });

  it("says once, with the fix, that its port is taken, and exits", async () => {
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, "127.0.0.1", resolve));
    try {
      const app = new AppProcess({ role: "server", env: { ...base, PORT: String(port) } });
      started.push(app);
      await expect(app.start()).rejects.toThrow("exited at start");
      const plain = app.output
        .split("\n")
        .filter((line) => !line.startsWith("{") && line.includes("already in use"));
      expect(plain).toEqual([]);
      const logged = jsonLines(app.output).filter((line) => line.includes("already in use"));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain("PORT");
    } finally {
      busy.close();
    }
  });
});
