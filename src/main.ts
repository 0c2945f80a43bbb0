// Process entry for `npm start`: reads the environment, starts Probot's server with the app (and a worker unless
// WORKER=false with REDIS_URL), and on SIGTERM/SIGINT stops taking webhooks and jobs, finishes or hands back the
// running plans, then exits.
import { run } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./config/env.js";
import { loadDotenv } from "./config/load-dotenv.js";
import { LeasedThrottlingOctokit } from "./github/leased-throttling.js";
import { createLlmClient } from "./llm/create-llm-client.js";
import { createLogger } from "./observability/create-logger.js";
import { Metrics } from "./observability/metrics.js";
import { createSnapshotCache } from "./repo/snapshot-cache.js";
import { createRuntime } from "./runtime.js";
import { onShutdownSignal } from "./shutdown.js";

async function main(): Promise<void> {
  loadDotenv();
  const env = readEnv();
  const log = await createLogger();
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
  const server = await run(app, { log, Octokit: LeasedThrottlingOctokit });
  // Probot exits on SIGINT as soon as its server stops, which would drop running plans: replace its handler.
  for (const listener of process.listeners("SIGINT")) {
    if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
  }
  // Which provider profile the base URL selected (Azure, OpenRouter...), so an operator can check it at start.
  log.info(
    { role, queue: runtime.queue.kind, provider: llm?.profile.kind ?? "none", model: llm?.model },
    "issue-planner started",
  );
  onShutdownSignal(log, env, runtime, () => server.stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
