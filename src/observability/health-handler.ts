// GET /health: liveness for load balancers and the container's HEALTHCHECK, with the queue's depth.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlanQueue } from "../jobs/plan-queue.js";

export function createHealthHandler(queue: PlanQueue, version: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/health" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const body = JSON.stringify({ status: "ok", version, queue: { kind: queue.kind, ...queue.stats() } });
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
