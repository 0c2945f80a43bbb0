// Process entry for `npm run worker`: runs plan jobs from the Redis queue without serving webhooks, so workers
// scale apart from webhook servers. Serves /health and /metrics on WORKER_PORT.
import { createServer } from "node:http";
import { type ApplicationFunctionOptions, createProbot } from "probot";
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

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

async function main(): Promise<void> {
  loadDotenv();
  const env = readEnv();
  const root = await createLogger();
  const log = root.child({ name: APP_LOGGER_NAME });
  if (!env.REDIS_URL) throw new Error("A worker needs REDIS_URL: it takes its jobs from the Redis queue.");
  if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH))
    throw new Error("A worker needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to act as the GitHub App.");
  const runtime = createRuntime(env, log);
  const metrics = new Metrics(runtime.queue, { processMetrics: true });
  // Probot reads APP_ID, PRIVATE_KEY, REDIS_URL (its throttling) and GHE_HOST from the environment.
  const probot = createProbot({ overrides: { log: root, Octokit: AppOctokit } });
  const handlers: Handler[] = [];
  const llm = createLlmClient(env);
  await probot.load(
    createApp({
      ...runtime,
      llm,
      env,
      snapshotCache: createSnapshotCache(env),
      metrics,
      runWorker: true,
      role: "worker",
    }),
    { cwd: process.cwd(), addHandler: (handler: Handler) => handlers.push(handler) },
  );

  const server = createServer(async (req, res) => {
    for (const handler of handlers) if (await handler(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  const host = process.env.HOST ?? "localhost";
  await new Promise<void>((resolve) => server.listen(env.WORKER_PORT, host, resolve));
  log.info(
    {
      port: env.WORKER_PORT,
      concurrency: env.PLAN_CONCURRENCY,
      provider: llm?.profile.kind ?? "none",
      model: llm?.model,
    },
    "issue-planner worker started",
  );
  const metricsServer = env.METRICS_PORT
    ? await startMetricsServer(metrics, {
        port: env.METRICS_PORT,
        host,
        ...(env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}),
        log,
      })
    : undefined;
  onShutdownSignal(log, env, runtime, async () => {
    metricsServer?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
