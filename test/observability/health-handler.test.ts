// GET /health while a starting server warms up: 503 "starting", so a load balancer sends GitHub's deliveries to
// the servers that are ready; then 200. A queue that cannot take jobs says so whether or not the server is starting.
import { describe, expect, it } from "vitest";
import { createHealthHandler } from "../../src/observability/health-handler.js";
import type { QueueHealth, QueueProbe } from "../../src/observability/queue-probe.js";

function probe(health: QueueHealth): QueueProbe {
  return {
    kind: "redis",
    health: async () => health,
    stats: async () => ({ waiting: 0, active: 0, delayed: 0, failed: 0 }),
  };
}

function get(
  handler: ReturnType<typeof createHealthHandler>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve) => {
    let status = 0;
    const res = {
      writeHead: (code: number) => {
        status = code;
        return res;
      },
      end: (text?: string) => resolve({ status, body: JSON.parse(text ?? "{}") }),
    };
    handler({ url: "/health", method: "GET" } as never, res as never);
  });
}

describe("the health route of a starting server", () => {
  it("answers 503 starting while the server warms up, then 200 ok", async () => {
    let starting = true;
    const handler = createHealthHandler(
      probe({ ok: true, detail: "redis ready" }),
      "1.0.0",
      "server",
      () => starting,
    );
    expect(await get(handler)).toMatchObject({ status: 503, body: { status: "starting", role: "server" } });
    starting = false;
    expect(await get(handler)).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("says the queue is unavailable, starting or not", async () => {
    const down = probe({ ok: false, detail: "redis reconnecting: connect ECONNREFUSED" });
    for (const starting of [true, false]) {
      const answer = await get(createHealthHandler(down, "1.0.0", "server", () => starting));
      expect(answer).toMatchObject({ status: 503, body: { status: "unavailable" } });
    }
  });

  it("is ready from the start when nothing warms up", async () => {
    const answer = await get(
      createHealthHandler(probe({ ok: true, detail: "in-process" }), "1.0.0", "server"),
    );
    expect(answer).toMatchObject({ status: 200, body: { status: "ok" } });
  });
});
