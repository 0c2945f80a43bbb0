// The real app as a process (src/main.ts, or src/worker.ts for a worker alone), in an empty working directory
// (no developer's .env can leak in), pointed at the fake GitHub and OpenAI servers; with signed webhooks.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redis-server.js";

export const WEBHOOK_SECRET = "test-bed-webhook-secret";
const root = new URL("../../", import.meta.url).pathname;

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export interface AppProcessOptions {
  role: "server" | "worker";
  env: Record<string, string>;
  /** The route that answers once the process is up (Probot's setup page has no /health). */
  readyPath?: string;
}

export class AppProcess {
  output = "";
  port = 0;
  readonly #waiting = new Set<() => void>();
  #child: ChildProcess | undefined;
  /** The working folders of this process's starts (its snapshot cache is in them). */
  readonly #folders: string[] = [];

  constructor(private readonly options: AppProcessOptions) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once the process has written `text` (checked on each chunk it writes, not on a timer). */
  waitForOutput(text: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.output.includes(text)) return;
        clearTimeout(timer);
        this.#waiting.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting.delete(check);
        reject(
          new Error(
            `the ${this.options.role} did not write "${text}" within ${timeoutMs} ms:\n${this.output}`,
          ),
        );
      }, timeoutMs);
      this.#waiting.add(check);
      check();
    });
  }

  #append(chunk: string): void {
    this.output += chunk;
    for (const check of [...this.#waiting]) check();
  }

  /** The process's id while it runs (the webhook benchmark reads its CPU time). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get exited(): boolean {
    return this.#child === undefined || this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.port = await freePort();
    const entry = join(root, this.options.role === "worker" ? "src/worker.ts" : "src/main.ts");
    const cwd = mkdtempSync(join(tmpdir(), "issue-planner-bed-"));
    this.#folders.push(cwd);
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        APP_ID: "123",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET,
        HOST: "127.0.0.1",
        PORT: String(this.port),
        WORKER_PORT: String(this.port),
        LOG_FORMAT: "json",
        LOG_LEVEL: "info",
        NO_SMEE_SETUP: "true",
        SNAPSHOT_CACHE_DIR: join(cwd, "snapshots"),
        ...this.options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    child.stdout?.on("data", (chunk) => {
      this.#append(String(chunk));
    });
    child.stderr?.on("data", (chunk) => {
      this.#append(String(chunk));
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the ${this.options.role} exited at start:\n${this.output}`);
      try {
        const response = await fetch(`${this.base}${this.options.readyPath ?? "/health"}`);
        // 503 "starting": the server still warms its webhook path up; any other 503 is an answer (Redis down).
        if (response.status === 200) return;
        if (response.status === 503 && ((await response.json()) as { status?: string }).status !== "starting")
          return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `the ${this.options.role} did not answer /health within ${timeoutMs} ms:\n${this.output}`,
    );
  }

  /** Sends a signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const child = this.#child;
    if (!child || this.exited) return child?.exitCode ?? null;
    return new Promise((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  }

  /** Removes the working folders of a stopped process. */
  removeFolders(): void {
    for (const folder of this.#folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  }

  /** Every log line (JSON) the process wrote. */
  logEntries(): Record<string, unknown>[] {
    // The last line may still be on its way.
    return this.output.split("\n").flatMap((line) => {
      try {
        return line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }

  /** Log lines (JSON) with the given message. */
  logLines(message: string): Record<string, unknown>[] {
    return this.logEntries().filter((entry) => entry.msg === message);
  }
}

export function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Delivers a webhook as GitHub does; returns the status code. */
export async function deliver(
  base: string,
  event: string,
  payload: unknown,
  deliveryId: string,
  secret = WEBHOOK_SECRET,
): Promise<number> {
  const body = JSON.stringify(payload);
  try {
    const response = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": deliveryId,
        "x-hub-signature-256": sign(body, secret),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
