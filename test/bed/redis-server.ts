// A redis-server of the test's own on a spare port. With `persist` (the test bed's), append-only persistence in a
// temporary folder, so a test can stop and restart it and find its data again; without it (the fast suite's shared
// server), nothing is written to disk.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class OwnRedis {
  readonly dir = mkdtempSync(join(tmpdir(), "issue-planner-redis-"));
  port = 0;
  #process: ChildProcess | undefined;

  constructor(private readonly options: { persist: boolean } = { persist: true }) {}

  /** redis-server's process id while it runs (the webhook benchmark reads its CPU time). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        ...(this.options.persist
          ? ["--appendonly", "yes", "--appendfsync", "always"]
          : ["--appendonly", "no"]),
        "--save",
        "",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) resolve();
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.once("error", (error) =>
        reject(
          new Error(
            `Could not start redis-server (${error.message}): the tests start their own Redis, so install it ` +
              "(Debian and Ubuntu: apt install redis-server) or point TEST_REDIS_URL at a Redis the tests may write to.",
          ),
        ),
      );
    });
  }

  /** Stops the server as an operator would (SIGTERM: the append-only file is flushed). */
  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
