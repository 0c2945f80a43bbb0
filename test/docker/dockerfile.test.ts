// The container image without Docker: the Dockerfile's steps replayed in a temporary folder (production-only
// install, build, start as an unprivileged user, health check), since this machine reaches no image registry
// to pull node:24-slim from. `docker build` runs the same steps where a registry is reachable.
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../bed/redis-server.js";
import { type ReplayedStage, replayDockerfile } from "./replay-dockerfile.js";

const root = new URL("../../", import.meta.url).pathname;
const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "issue-planner-image-"));
// An unprivileged user can read the replayed image, as in the container.
chmodSync(work, 0o755);
let app: ChildProcess | undefined;

afterAll(() => {
  app?.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

/** The machine's npm cache, hard-linked: the Dockerfile's `npm cache clean --force` must not empty the real one. */
function npmCache(): string {
  const cache = join(work, "npm-cache");
  mkdirSync(cache, { recursive: true });
  const own = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  if (existsSync(join(own, "_cacache")))
    execFileSync("cp", ["-al", join(own, "_cacache"), join(cache, "_cacache")]);
  return cache;
}

/** As root, run the image's processes as `nobody`, as the image's USER does; otherwise as the current user. */
const unprivileged = process.getuid?.() === 0 ? { uid: 65_534, gid: 65_534 } : {};

function megabytes(dir: string): number {
  return Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]) / 1e6;
}

describe("the container image (Dockerfile replayed)", () => {
  let stages: ReplayedStage[] = [];

  it("builds in one stage and installs production dependencies only in the image's stage", async () => {
    stages = await replayDockerfile(join(root, "Dockerfile"), {
      context: root,
      root: work,
      runEnv: {
        PATH: process.env.PATH ?? "",
        HOME: join(work, "home"),
        npm_config_cache: npmCache(),
        npm_config_update_notifier: "false",
      },
    });
    expect(stages.map((stage) => stage.base)).toEqual(["node:24-slim", "node:24-slim"]);
    const image = stages.at(-1) as ReplayedStage;
    expect(existsSync(join(image.dir, "dist/main.js"))).toBe(true);
    expect(existsSync(join(image.dir, "dist/worker.js"))).toBe(true);
    expect(existsSync(join(image.dir, "node_modules/probot/package.json"))).toBe(true);
    // Nothing of the build: no sources, no dev tools, no Action bundle.
    for (const absent of [
      "src",
      "node_modules/typescript",
      "node_modules/vitest",
      "node_modules/esbuild",
      "dist/action",
    ])
      expect(existsSync(join(image.dir, absent)), absent).toBe(false);
    const size = {
      image: megabytes(image.dir),
      nodeModules: megabytes(join(image.dir, "node_modules")),
      dist: megabytes(join(image.dir, "dist")),
    };
    console.info(
      `image layers above node:24-slim: ${size.image.toFixed(1)} MB (node_modules ${size.nodeModules.toFixed(1)} MB, dist ${size.dist.toFixed(1)} MB); RUN steps: ${stages
        .flatMap((stage) => stage.runs)
        .map((step) => `${step.command.split(" ").slice(0, 3).join(" ")} ${step.seconds.toFixed(0)} s`)
        .join(", ")}`,
    );
    expect(size.image).toBeLessThan(200);
  }, 300_000);

  it("runs as an unprivileged user, starts with credentials in production, and passes its own health check", async () => {
    const image = stages.at(-1) as ReplayedStage;
    expect(image.user).toBeDefined();
    expect(["root", "0"]).not.toContain(image.user);
    expect(image.exposed).toEqual(["3000"]);
    const port = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const env = {
      PATH: process.env.PATH ?? "",
      ...image.env,
      PORT: String(port),
      APP_ID: "123",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: "image-test-secret",
    };
    const [command, ...args] = image.cmd ?? [];
    expect(command).toBe("node");
    let output = "";
    app = spawn(process.execPath, args, {
      cwd: image.dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...unprivileged,
    });
    app.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    app.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });

    const healthcheck = image.healthcheck as string;
    const deadline = Date.now() + 30_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline) {
      healthy = await exec("sh", ["-c", healthcheck], { cwd: image.dir, env, ...unprivileged }).then(
        () => true,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(healthy, output).toBe(true);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", role: "server+worker", queue: { kind: "in-process" } });
    // Production logs are JSON lines.
    expect(output.split("\n").find((line) => line.includes("issue-planner started"))).toMatch(/^\{.*\}$/);

    const exited = new Promise<number | null>((resolve) => app?.once("exit", (code) => resolve(code)));
    app.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});
