// Process entry for `npm start`: reads the environment, starts Probot's server with the app (and a worker unless
// WORKER=false with REDIS_URL), and on SIGTERM/SIGINT stops taking webhooks and jobs, finishes or hands back the
// running plans, then exits.
import type { Logger } from "pino";
import { run } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./config/env.js";
import { loadDotenv } from "./config/load-dotenv.js";
import { AppOctokit } from "./github/app-octokit.js";
import { createLlmClient } from "./llm/create-llm-client.js";
import { APP_LOGGER_NAME, createLogger } from "./observability/create-logger.js";
import { Metrics } from "./observability/metrics.js";
import { startMetricsServer } from "./observability/metrics-server.js";
import { createSnapshotCache } from "./repo/snapshot-cache.js";
import { createRuntime } from "./runtime.js";
import { onShutdownSignal } from "./shutdown.js";

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
  const app = createApp({
    ...runtime,
    llm,
    env,
    snapshotCache: createSnapshotCache(env),
    metrics,
    runWorker,
    role,
  });

  const sigintBefore = new Set(process.listeners("SIGINT"));
  const server = await run(app, { log: root, Octokit: AppOctokit });
  // Probot exits on SIGINT as soon as its server stops, which would drop running plans: replace its handler.
  for (const listener of process.listeners("SIGINT")) {
    if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
  }
  logStart(log, {
    role,
    queue: runtime.queue.kind,
    provider: llm?.profile.kind ?? "none",
    model: llm?.model,
  });
  const metricsServer = env.METRICS_PORT
    ? await startMetricsServer(metrics, {
        port: env.METRICS_PORT,
        host: process.env.HOST ?? "localhost",
        ...(env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}),
        log,
      })
    : undefined;
  onShutdownSignal(log, env, runtime, async () => {
    metricsServer?.close();
    await server.stop();
  });
}

/** Without credentials Probot serves only its setup page: say so, and where the webhook URL comes from. */
function logStart(log: Logger, fields: Record<string, unknown>): void {
  if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH)) {
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
