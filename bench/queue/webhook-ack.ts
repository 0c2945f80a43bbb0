// Webhook answer latency of a webhook-only server (WORKER=false) on the Redis queue: signed `issues.labeled`
// deliveries, each for its own issue with its own delivery id, over 100 repositories. The handler admits only
// (signature, event, sender, the label against the configuration a job read lately, kept as a hint in Redis,
// then the enqueue), so the fake GitHub, which counts every request, must see none.
//
// Three phases in one run, on the same server: cold (a fresh server, repositories it never heard of: no hints),
// warm (every repository has a hint) and cold on a running server (another 100 repositories without hints, once
// the server has answered the two phases before: cold caches without a cold process). A fresh server warms its
// webhook path up before /health says it is ready (src/webhooks/warm-up.ts); a fourth phase, cold without it,
// is the same as the first on another fresh server started with WEBHOOK_WARM_UP=0, and each server's start (spawn
// to /health 200, polled every 100 ms) is reported. Before any phase the load generator warms its own HTTP client
// on a server of its own: its first requests would otherwise be slow to send, and counted as the server's. The
// servers run with the Node options docker-compose.yml gives its webhook server (a larger young generation). Each phase sends bursts of
// 100 deliveries at once (100 in flight together, as GitHub delivers a burst of label events), one burst after
// the other answered, and reports every delivery's answer time: that is the target. Then, for reference, a
// saturation run: 100 connections sending as fast as the server answers (latency there is 100 / throughput, by
// Little's law, on two cores shared with the load generator and Redis). Last, the floor: the same bursts against
// a server that only checks the signature and parses the body (webhook-floor-server.ts), what any handler costs
// on this machine beside the load generator. With each phase: the CPU time the server and Redis spent per
// delivery (read from /proc, so Linux only), which sets how long a burst takes and varies less from run to run
// than the tail latency, and each burst's slowest answer (a fresh process speeds up over its first thousands of
// deliveries as V8 compiles its code).
//
//   npx tsx bench/queue/webhook-ack.ts [--bursts 30] [--repos 100]   (writes bench/queue/results/webhook-ack.json)
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { parse } from "yaml";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { RedisConfigHints } from "../../src/redis/redis-config-hints.js";
import { sign, WEBHOOK_SECRET } from "../../test/bed/app-process.js";
import { TestBed } from "../../test/bed/bed.js";
import type { FakeRepo } from "../../test/bed/fake-github.js";
import { labeledPayload } from "../../test/bed/payloads.js";
import { freePort } from "../../test/bed/redis-server.js";

const { values } = parseArgs({
  options: { bursts: { type: "string", default: "30" }, repos: { type: "string", default: "100" } },
});
const BURST = 100;
const bursts = Number(values.bursts);
const repoCount = Number(values.repos);
const QUEUE = "bench-ack";
/** The kernel's clock ticks per second, in which /proc gives a process's CPU time. */
const CLOCK_TICKS = clockTicks();

interface Delivery {
  body: string;
  signature: string;
  id: string;
}

const bed = new TestBed();
await bed.start();
try {
  const serverEnv = { WORKER: "false", LOG_LEVEL: "warn", NODE_OPTIONS: composeNodeOptions() };
  const started = performance.now();
  const server = await bed.process("server", bed.env(QUEUE, serverEnv));
  const startMs = Math.round(performance.now() - started);
  const repos = Array.from({ length: repoCount }, () => bed.repo(undefined, 0).repo);
  // Repositories the server first hears of once it has run a while: cold caches in a warm process.
  const later = Array.from({ length: repoCount }, () => bed.repo(undefined, 0).repo);
  let nextIssue = 1;
  const deliveries = (name: string, count: number, to = repos): Delivery[] =>
    Array.from({ length: count }, (_, index) => {
      const repo = to[index % to.length] as FakeRepo;
      const issue = bed.github.addIssue(repo, nextIssue, `Issue ${nextIssue}`, "As a user I want a thing.");
      nextIssue += 1;
      issue.labels.push("needs-plan");
      const body = JSON.stringify(labeledPayload(repo, issue));
      // Signed beforehand: the load generator shares the machine's two cores with the server and Redis.
      return { body, signature: sign(body), id: `ack-${name}-${index}` };
    });
  const pids = { server: server.pid, redis: bed.redis.pid };
  await warmClient(deliveries("client", BURST));
  const cold = await burstPhase(server.base, deliveries("cold", bursts * BURST), pids);
  await writeHints(repos);
  const warm = await burstPhase(server.base, deliveries("warm", bursts * BURST), pids);
  const coldRunning = await burstPhase(server.base, deliveries("cold-running", bursts * BURST, later), pids);
  const saturation = await saturationPhase(server.base, deliveries("saturation", 3_000));
  await server.stop();
  const unwarmedStarted = performance.now();
  const unwarmed = await bed.process("server", bed.env(QUEUE, { ...serverEnv, WEBHOOK_WARM_UP: "0" }));
  const unwarmedStartMs = Math.round(performance.now() - unwarmedStarted);
  const others = Array.from({ length: repoCount }, () => bed.repo(undefined, 0).repo);
  const coldWithoutWarmUp = await burstPhase(
    unwarmed.base,
    deliveries("cold-without-warm-up", bursts * BURST, others),
    { server: unwarmed.pid, redis: bed.redis.pid },
  );
  await unwarmed.stop();
  const floor = await floorPhase(deliveries("floor", bursts * BURST));
  const summary = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    repositories: repoCount,
    serverNodeOptions: serverEnv.NODE_OPTIONS,
    startMs: { withWarmUp: startMs, withoutWarmUp: unwarmedStartMs },
    bursts: { size: BURST, count: bursts, cold, warm, coldRunning, coldWithoutWarmUp, floor },
    saturation,
    target: "bursts of 100: p99 <= 50 ms cold and warm, and 0 GitHub requests",
  };
  console.log(JSON.stringify(summary, null, 2));
  writeFileSync(
    new URL("./results/webhook-ack.json", import.meta.url),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
} finally {
  await bed.stop();
}

/** The same bursts against a server that only checks signatures and parses bodies. */
async function floorPhase(all: Delivery[]) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      new URL("./webhook-floor-server.ts", import.meta.url).pathname,
      String(port),
      WEBHOOK_SECRET,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    await once(child.stdout, "data");
    return await burstPhase(`http://127.0.0.1:${port}`, all, { server: child.pid });
  } finally {
    child.kill();
  }
}

/**
 * The load generator's own HTTP client sends a few thousand requests before it measures, to a server in this
 * process that only answers: a fresh process sends its first ones slowly, which would count against the server.
 */
async function warmClient(some: Delivery[]): Promise<void> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end("ok"));
  });
  sink.listen(0, "127.0.0.1");
  await once(sink, "listening");
  const { port } = sink.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: BURST });
  for (let round = 0; round < 20; round += 1)
    await Promise.all(some.map((one) => post(`http://127.0.0.1:${port}`, one, agent)));
  agent.destroy();
  sink.close();
}

/** NODE_OPTIONS of docker-compose.yml's webhook-only server, the deployment this benchmark stands for. */
function composeNodeOptions(): string {
  const compose = parse(readFileSync(new URL("../../docker-compose.yml", import.meta.url), "utf8"), {
    merge: true,
  }) as { services: { app: { environment?: Record<string, string> } } };
  return compose.services.app.environment?.NODE_OPTIONS ?? "";
}

/** What a job leaves after reading each repository's configuration. */
async function writeHints(repos: FakeRepo[]): Promise<void> {
  const redis = new Redis(bed.redis.url);
  const hints = new RedisConfigHints(redis, `${QUEUE}:app`);
  for (const repo of repos) await hints.set({ owner: repo.owner, repo: repo.name }, defaultRepoConfig());
  redis.disconnect();
}

interface Pids {
  server: number | undefined;
  redis?: number | undefined;
}

async function burstPhase(base: string, all: Delivery[], pids: Pids) {
  const agent = new Agent({ keepAlive: true, maxSockets: BURST });
  const githubBefore = bed.github.requests.length;
  const cpuBefore = { server: cpuMs(pids.server), redis: cpuMs(pids.redis) };
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  for (let start = 0; start < all.length; start += BURST) {
    const answers = await Promise.all(all.slice(start, start + BURST).map((one) => post(base, one, agent)));
    for (const { status, ms } of answers) {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  agent.destroy();
  const perDelivery = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined
      ? undefined
      : Math.round(((after - before) * 1000) / all.length);
  const slowest = Array.from({ length: Math.ceil(latencies.length / BURST) }, (_, burst) =>
    round(Math.max(...latencies.slice(burst * BURST, (burst + 1) * BURST))),
  );
  return {
    deliveries: latencies.length,
    cpuUsPerDelivery: {
      server: perDelivery(cpuBefore.server, cpuMs(pids.server)),
      redis: perDelivery(cpuBefore.redis, cpuMs(pids.redis)),
    },
    statuses: Object.fromEntries(statuses),
    githubRequests: bed.github.requests.length - githubBefore,
    latencyMs: quantiles(latencies),
    // A fresh process answers its first burst before its code is compiled and its connections are open.
    firstBurstMs: quantiles(latencies.slice(0, BURST)),
    afterFirstBurstMs: quantiles(latencies.slice(BURST)),
    slowestPerBurstMs: slowest,
  };
}

/** A process's user and system CPU time so far, in milliseconds (undefined where /proc cannot tell). */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted.at(-1) ?? 0) };
}

/** One delivery, timed from the request's start to the whole answer. */
function post(base: string, one: Delivery, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/github/webhooks`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(one.body),
          "x-github-event": "issues",
          "x-github-delivery": one.id,
          "x-hub-signature-256": one.signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on("error", reject);
    req.end(one.body);
  });
}

async function saturationPhase(base: string, all: Delivery[]) {
  const githubBefore = bed.github.requests.length;
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: BURST,
    amount: all.length,
    requests: [
      {
        method: "POST",
        path: "/api/github/webhooks",
        setupRequest: (req: autocannon.Request) => {
          const one = all[next % all.length] as Delivery;
          next += 1;
          return {
            ...req,
            body: one.body,
            headers: {
              "content-type": "application/json",
              "x-github-event": "issues",
              "x-github-delivery": one.id,
              "x-hub-signature-256": one.signature,
            },
          };
        },
      },
    ],
  });
  return {
    connections: BURST,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    githubRequests: bed.github.requests.length - githubBefore,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    throughputPerSecond: result.requests.average,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
