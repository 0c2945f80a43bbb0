// Process entry for `npm start`: reads the environment, starts Probot's server with the app, and on
// SIGTERM/SIGINT stops taking webhooks, finishes the accepted plans, then exits.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./config/env.js";
import { loadDotenv } from "./config/load-dotenv.js";
import { InProcessQueue } from "./jobs/in-process-queue.js";
import { createLlmClient } from "./llm/create-llm-client.js";
import { createLogger } from "./observability/create-logger.js";
import { SnapshotCache } from "./repo/snapshot-cache.js";

async function main(): Promise<void> {
  loadDotenv();
  const env = readEnv();
  const log = await createLogger();
  const queue = new InProcessQueue({ concurrency: env.PLAN_CONCURRENCY, log });
  const llm = createLlmClient(env);
  const snapshotCache = new SnapshotCache(
    env.SNAPSHOT_CACHE_DIR ?? join(tmpdir(), "issue-planner-snapshots"),
    env.SNAPSHOT_CACHE_MAX_BYTES,
  );

  const sigintBefore = new Set(process.listeners("SIGINT"));
  const server = await run(createApp({ queue, llm, env, snapshotCache }), { log });
  // Probot exits on SIGINT as soon as its server stops, which would drop running plans: replace its handler.
  for (const listener of process.listeners("SIGINT")) {
    if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
  }

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, ...queue.stats() }, "shutting down: finishing accepted plans");
    const unfinished = queue.close(env.SHUTDOWN_TIMEOUT_MS);
    await server
      .stop()
      .catch((error: unknown) => log.error({ err: error }, "error while stopping the server"));
    const left = await unfinished;
    for (const request of left) {
      // Said loudly so an operator can re-trigger these issues; nothing disappears silently.
      log.error(
        {
          repo: `${request.owner}/${request.repo}`,
          issue: request.issueNumber,
          deliveryId: request.deliveryId,
        },
        "plan not finished before the shutdown deadline: redeliver the webhook or re-trigger the issue",
      );
    }
    // Let the event loop end by itself so the last log lines are flushed; force it only if a handle lingers.
    process.exitCode = left.length === 0 ? 0 : 1;
    setTimeout(() => process.exit(), 5_000).unref();
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
