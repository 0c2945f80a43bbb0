// Starts the real server process (src/main.ts, in-process queue) and talks to it over HTTP, as GitHub and a load
// balancer do. Nothing here may reach GitHub: an unexpected call fails fast on an unused loopback port.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppProcess, deliver } from "../bed/app-process.js";

const root = new URL("../../", import.meta.url).pathname;
const server = new AppProcess({
  role: "server",
  env: { OPENAI_API_KEY: "sk-e2e", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http" },
});

function payload(name: string) {
  return JSON.parse(readFileSync(join(root, `test/fixtures/payloads/${name}.json`), "utf8"));
}

beforeAll(() => server.start(), 30_000);
afterAll(async () => {
  await server.stop("SIGKILL");
  server.removeFolders();
});

describe("the server process", () => {
  it("answers the health route with its version and queue depth, and serves metrics", async () => {
    const response = await fetch(`${server.base}/health`);
    expect(response.status).toBe(200);
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    expect(await response.json()).toEqual({
      status: "ok",
      version,
      role: "server+worker",
      queue: { kind: "in-process", state: "in-process", waiting: 0, active: 0, delayed: 0, failed: 0 },
    });
    const metrics = await fetch(`${server.base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("issue_planner_process_resident_memory_bytes");
  });

  it("rejects a webhook with a bad signature and processes nothing", async () => {
    const status = await deliver(
      server.base,
      "issues",
      payload("issues.labeled"),
      "e2e-bad-signature",
      "forged",
    );
    expect(status).toBe(400);
    // The operator sees the rejection in the log, with the delivery id.
    await vi.waitFor(
      () => expect(server.output).toMatch(/signature does not match event payload and secret/),
      5_000,
    );
    expect(server.output).toContain("e2e-bad-signature");
    expect(server.output).not.toContain('"msg":"plan job queued"');
  });

  it("accepts a signed webhook it has nothing to do for", async () => {
    const comment = payload("issue_comment.created");
    comment.comment.body = "Thanks, looks good!";
    expect(await deliver(server.base, "issue_comment", comment, "e2e-plain-comment")).toBe(200);
  });

  it("exits cleanly on SIGTERM once its queue is drained", async () => {
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output).toContain("shutting down: finishing accepted plans");
  });
});
