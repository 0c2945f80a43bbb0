// Starts the real server process (src/main.ts) and talks to it over HTTP, as GitHub and a load balancer do.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const SECRET = "e2e-webhook-secret";
const root = new URL("../../", import.meta.url).pathname;
let child: ChildProcess;
let base = "";
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms:\n${output}`);
}

function sign(body: string): string {
  return `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  // An empty working directory: no developer's .env can leak into the test.
  const cwd = mkdtempSync(join(tmpdir(), "issue-planner-e2e-"));
  child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "src/main.ts")], {
    cwd,
    env: {
      PATH: process.env.PATH,
      APP_ID: "123",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_FORMAT: "json",
      NO_SMEE_SETUP: "true",
      OPENAI_API_KEY: "sk-e2e",
      // Nothing in this test may reach GitHub: an unexpected call fails fast on an unused loopback port.
      GHE_HOST: "127.0.0.1:9",
      GHE_PROTOCOL: "http",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  await waitFor(`${base}/health`, 30_000);
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
});

describe("the server process", () => {
  it("answers the health route with its version and queue depth", async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    expect(await response.json()).toEqual({
      status: "ok",
      version,
      role: "server+worker",
      queue: { kind: "in-process", state: "in-process", waiting: 0, active: 0, delayed: 0, failed: 0 },
    });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("issue_planner_process_resident_memory_bytes");
  });

  it("rejects a webhook with a bad signature and processes nothing", async () => {
    const body = JSON.stringify(
      JSON.parse(readFileSync(join(root, "test/fixtures/payloads/issues.labeled.json"), "utf8")),
    );
    const response = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "e2e-bad-signature",
        "x-hub-signature-256": sign(`${body} `),
      },
      body,
    });
    expect(response.status).toBe(400);
    // The operator sees the rejection in the log, with the delivery id.
    await vi.waitFor(
      () => expect(output).toMatch(/signature does not match event payload and secret/),
      5_000,
    );
    expect(output).toContain("e2e-bad-signature");
    expect(output).not.toContain('"msg":"plan job queued"');
  });

  it("accepts a signed webhook it has nothing to do for", async () => {
    const payload = JSON.parse(
      readFileSync(join(root, "test/fixtures/payloads/issue_comment.created.json"), "utf8"),
    );
    payload.comment.body = "Thanks, looks good!";
    const body = JSON.stringify(payload);
    const response = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "e2e-plain-comment",
        "x-hub-signature-256": sign(body),
      },
      body,
    });
    expect(response.status).toBe(200);
  });

  it("exits cleanly on SIGTERM once its queue is drained", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("shutting down: finishing accepted plans");
  });
});
