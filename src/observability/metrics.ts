// Prometheus metrics (prom-client) of one process: webhooks, jobs, plan latency by stage, LLM tokens, repair
// rounds and GitHub requests per plan. Served at GET /metrics by webhook servers and by worker processes.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { QueueProbe } from "./queue-probe.js";

export type PlanStageName = "snapshot" | "context" | "llm" | "validation" | "post";

export class Metrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({
    name: "issue_planner_webhooks_total",
    help: "Webhooks received, by event and outcome (queued, coalesced, duplicate, ignored, unavailable).",
    labelNames: ["event", "outcome"] as const,
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: "issue_planner_jobs_total",
    help: "Plan job attempts run by this process, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: "issue_planner_plan_stage_seconds",
    help: "Time spent in each stage of a plan job.",
    labelNames: ["stage"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320],
    registers: [this.registry],
  });
  readonly planSeconds = new Histogram({
    name: "issue_planner_plan_seconds",
    help: "Time from a job's start to its plan posted.",
    buckets: [1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640],
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: "issue_planner_llm_tokens_total",
    help: "Tokens sent to (in) and received from (out) the language model.",
    labelNames: ["direction"] as const,
    registers: [this.registry],
  });
  readonly repairRounds = new Histogram({
    name: "issue_planner_repair_rounds",
    help: "Rounds in which the model was asked to correct a plan, per plan.",
    buckets: [0, 1, 2],
    registers: [this.registry],
  });
  readonly githubRequests = new Histogram({
    name: "issue_planner_github_requests_per_plan",
    help: "GitHub API requests made by one plan job (the webhook handler's reads are counted apart).",
    buckets: [5, 8, 10, 12, 15, 20, 30, 50, 100],
    registers: [this.registry],
  });
  readonly webhookGithubRequests = new Counter({
    name: "issue_planner_webhook_github_requests_total",
    help: "GitHub API requests attempted while handling webhooks (none expected: jobs read the configuration and permissions; the app's handler client refuses them).",
    registers: [this.registry],
  });
  readonly limitWaits = new Counter({
    name: "issue_planner_limit_waits_total",
    help: "Times an LLM request waited for a full limit.",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  /** `processMetrics`: also the process's CPU, memory and event loop (once per process). */
  constructor(queue?: QueueProbe, options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "issue_planner_" });
    if (queue) {
      new Gauge({
        name: "issue_planner_queue_jobs",
        help: "Jobs in the queue by state.",
        labelNames: ["state"] as const,
        registers: [this.registry],
        async collect() {
          const stats = await queue.stats().catch(() => undefined);
          if (!stats) return;
          for (const [state, count] of Object.entries(stats)) this.set({ state }, count);
        },
      });
    }
  }

  /** Measures `work` as one stage of a plan. */
  async time<T>(stage: PlanStageName, work: () => Promise<T>): Promise<T> {
    const end = this.stageSeconds.startTimer({ stage });
    try {
      return await work();
    } finally {
      end();
    }
  }
}

/** GET /metrics in Prometheus' text format; with a token, only for `Authorization: Bearer <token>`. */
export function createMetricsHandler(metrics: Metrics, token?: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || req.method !== "GET") return false;
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' });
      res.end("/metrics needs the header Authorization: Bearer <METRICS_TOKEN>\n");
      return true;
    }
    metrics.registry
      .metrics()
      .then((text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
        res.end(text);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`metrics unavailable: ${(error as Error).message}`);
      });
    return true;
  };
}

/** Compares digests, so neither the token's length nor its content leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
