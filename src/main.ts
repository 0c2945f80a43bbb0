// Process entry for `npm start`: reads the environment, starts Probot's server with the app (and a worker unless
// WORKER=false with REDIS_URL), and on SIGTERM/SIGINT stops taking webhooks and jobs, finishes or hands back the
// running plans, then exits.
import type { Logger } from "pino";
import { type Probot, run, type Server } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./config/env.js";
import { loadDotenv } from "./config/load-dotenv.js";
import { AppOctokit } from "./github/app-octokit.js";
import type { WarmUpQueue } from "./jobs/plan-queue.js";
import { createLlmClient } from "./llm/create-llm-client.js";
import { APP_LOGGER_NAME, createLogger } from "./observability/create-logger.js";
import { Metrics } from "./observability/metrics.js";
import { startMetricsServer } from "./observability/metrics-server.js";
import { createSnapshotCache } from "./repo/snapshot-cache.js";
import { createRuntime } from "./runtime.js";
import { onShutdownSignal } from "./shutdown.js";
import { localWebhookUrl, warmUpServer } from "./webhooks/warm-up.js";

/** The longest a start spends warming up (2,000 deliveries take 1 to 2 s on two cores). */
const WARM_UP_DEADLINE_MS = 5_000;
/** Probot's, where WEBHOOK_PATH does not say otherwise. */
const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

async function main(): Promise<void> {
  loadDotenv();
  const env = readEnv();
  const root = await createLogger();
  const log = root.child({ name: APP_LOGGER_NAME });
  const runtime = createRuntime(env, log);
  const metrics = new Metrics(runtime.queue, { processMetrics: true });
  const runWorker = !env.REDIS_URL || env.WORKER;
  const role = runWorker ? "server+worker" : "server";
  const llm = createLlmClient(env);
  // Not in setup mode (no credentials: no webhook reaches the app) nor when the operator turned it off.
  let warming = hasCredentials() && env.WEBHOOK_WARM_UP > 0;
  const warmUpQueue = warming ? runtime.createWarmUpQueue() : undefined;
  const app = createApp({
    ...runtime,
    llm,
    env,
    snapshotCache: createSnapshotCache(env),
    metrics,
    runWorker,
    role,
    warmUpQueue: warmUpQueue?.queue,
    starting: () => warming,
  });

  const sigintBefore = new Set(process.listeners("SIGINT"));
  let probot: Probot | undefined;
  const server = await run(
    (instance, options) => {
      probot = instance;
      return app(instance, options);
    },
    { log: root, Octokit: AppOctokit },
  );
  // Probot exits on SIGINT as soon as its server stops, which would drop running plans: replace its handler.
  for (const listener of process.listeners("SIGINT")) {
    if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
  }
  const metricsServer = env.METRICS_PORT
    ? await startMetricsServer(metrics, {
        port: env.METRICS_PORT,
        host: process.env.HOST ?? "localhost",
        ...(env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}),
        log,
      })
    : undefined;
  // Before the warm-up: the server already takes GitHub's deliveries, and a stop meanwhile must finish their jobs.
  const stopped = new AbortController();
  onShutdownSignal(log, env, runtime, async () => {
    stopped.abort();
    metricsServer?.close();
    await server.stop();
  });
  if (warmUpQueue && probot)
    await warmUp(log, { server, probot, queue: warmUpQueue, signal: stopped.signal }, env.WEBHOOK_WARM_UP);
  warming = false;
  if (stopped.signal.aborted) return;
  logStart(log, {
    role,
    queue: runtime.queue.kind,
    provider: llm?.profile.kind ?? "none",
    model: llm?.model,
  });
}

function hasCredentials(): boolean {
  return Boolean(process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH));
}

/** The webhook path warmed up before /health says ready; a warm-up that fails only costs the first answers' speed. */
async function warmUp(
  log: Logger,
  {
    server,
    probot,
    queue,
    signal,
  }: { server: Server; probot: Probot; queue: WarmUpQueue; signal: AbortSignal },
  deliveries: number,
): Promise<void> {
  const health = await queue.queue.health();
  if (!health.ok) {
    log.warn({ queue: health.detail }, "webhook warm-up skipped: the queue is unavailable");
    await queue.queue.close(0);
    return;
  }
  try {
    const report = await warmUpServer({
      url: localWebhookUrl(server.host, server.port, process.env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH),
      sign: (body) => probot.webhooks.sign(body),
      deliveries,
      deadlineMs: WARM_UP_DEADLINE_MS,
      signal,
    });
    if (report.statuses["200"] === deliveries)
      log.info({ deliveries, ms: report.ms }, "webhook handling warmed up");
    else
      log.warn(
        { deliveries, ...report },
        "webhook warm-up: not every delivery was answered 200; serving anyway",
      );
  } catch (error) {
    log.warn({ err: error }, "webhook warm-up failed: serving anyway, the first answers slower");
  } finally {
    await queue.discard().catch((error: unknown) => {
      log.warn({ err: error }, "could not remove the webhook warm-up's queue (name ending in .warm-up)");
    });
  }
}

/** Without credentials Probot serves only its setup page: say so, and where the webhook URL comes from. */
function logStart(log: Logger, fields: Record<string, unknown>): void {
  if (!hasCredentials()) {
    const url = `http://${process.env.HOST ?? "localhost"}:${process.env.PORT ?? "3000"}/probot`;
    log.info(
      { role: "setup", url },
      "no GitHub App credentials yet: open the setup page to register the app; afterwards set its webhook URL to https://<this host>/api/github/webhooks in the app's settings (README: Installing the app)",
    );
    return;
  }
  // Which provider profile the base URL selected (Azure, OpenRouter...), so an operator can check it at start.
  log.info(fields, "issue-planner started");
}

main().catch((error: unknown) => {
  // Probot has already logged a busy port, with the fix (PORT): saying it a second time only adds noise.
  if (httpListenError(error) !== "EADDRINUSE") console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

function httpListenError(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return typeof code === "string" ? code : undefined;
}
