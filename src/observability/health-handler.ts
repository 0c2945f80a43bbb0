// GET /health: liveness for load balancers and the container's HEALTHCHECK, with the queue's state. Answers 503
// when the queue cannot take jobs (Redis unreachable, or shutting down), so traffic goes elsewhere.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueProbe } from "./queue-probe.js";

export function createHealthHandler(queue: QueueProbe, version: string, role: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/health" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    void (async () => {
      const health = await queue.health();
      // The figures are extra: a failed read leaves them out, and the answer still says the queue's state.
      const stats = health.ok ? await queue.stats().catch(() => undefined) : undefined;
      const body = JSON.stringify({
        status: health.ok ? "ok" : "unavailable",
        version,
        role,
        queue: { kind: queue.kind, state: health.detail, ...(stats ?? {}) },
      });
      res.writeHead(health.ok ? 200 : 503, {
        "content-type": "application/json",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    })();
    return true;
  };
}
