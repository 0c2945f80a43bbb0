// SIGTERM/SIGINT: stop taking webhooks and jobs, let running plans finish (in-process) or hand them back to the
// durable queue (Redis) within SHUTDOWN_TIMEOUT_MS, then let the process end by itself.
import type { Logger } from "pino";
import type { AppEnv } from "./config/env.js";
import type { Runtime } from "./runtime.js";

export function onShutdownSignal(
  log: Logger,
  env: Pick<AppEnv, "SHUTDOWN_TIMEOUT_MS">,
  runtime: Runtime,
  stopServer: () => Promise<void>,
): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const stats = await runtime.queue.stats().catch((error: unknown) => {
      log.warn({ err: error }, "could not read the queue's figures at shutdown");
      return {};
    });
    log.info({ signal, ...stats }, "shutting down: finishing accepted plans");
    const unfinished = runtime.queue.close(env.SHUTDOWN_TIMEOUT_MS);
    await stopServer().catch((error: unknown) =>
      log.error({ err: error }, "error while stopping the server"),
    );
    const left = await unfinished;
    await runtime
      .close()
      .catch((error: unknown) => log.warn({ err: error }, "could not close the runtime's connections"));
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
    // Let the event loop end by itself so the last log lines are flushed; force it soon if a handle lingers
    // (a job handed back to the queue may still be waiting for the model).
    process.exitCode = left.length === 0 ? 0 : 1;
    setTimeout(() => process.exit(), 500).unref();
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}
