// GET /health: liveness for load balancers and the container's HEALTHCHECK, with the queue's state. Answers 503
// when the queue cannot take jobs (Redis unreachable, or shutting down), so traffic goes elsewhere, and while a
// starting server warms its webhook path up ("starting": src/webhooks/warm-up.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueProbe } from "./queue-probe.js";

/** The answers "starting" (a load balancer's probe during the warm-up: logged at debug like a 200). */
const startingAnswers = new WeakSet<object>();

export function isStartingAnswer(res: object): boolean {
  return startingAnswers.has(res);
}

export function createHealthHandler(
  queue: QueueProbe,
  version: string,
  role: string,
  starting: () => boolean = () => false,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/health" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    void (async () => {
      const health = await queue.health();
      const ready = health.ok && !starting();
      // The figures are extra: a failed read leaves them out, and the answer still says the queue's state.
      const stats = health.ok ? await queue.stats().catch(() => undefined) : undefined;
      const body = JSON.stringify({
        status: !health.ok ? "unavailable" : ready ? "ok" : "starting",
        version,
        role,
        queue: { kind: queue.kind, state: health.detail, ...(stats ?? {}) },
      });
      if (health.ok && !ready) startingAnswers.add(res);
      res.writeHead(ready ? 200 : 503, {
        "content-type": "application/json",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    })();
    return true;
  };
}
