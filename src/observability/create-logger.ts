// The process logger: pino with Probot's formatting (LOG_FORMAT pretty/json, LOG_LEVEL, Sentry via SENTRY_DSN).
// The root carries no `name`: Probot names its children (probot, http, octokit...) and pino would repeat a key
// a child sets again, so each JSON line holds one `name`. Load balancer and Prometheus probes are logged at
// debug, not info: a health check every few seconds would drown the log; so are the deliveries a starting server
// sends itself to warm up (warm-up-id.ts).
import type { ServerResponse } from "node:http";
import { getTransformStream } from "@probot/pino";
import { type Logger, type LoggerOptions, pino } from "pino";
import { isStartingAnswer } from "./health-handler.js";
import { isWarmUpDelivery } from "./warm-up-id.js";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);
const PROBE_PATHS = new Set(["/health", "/metrics"]);
const INFO = 30;

/** The app's own name on the lines it logs itself (Probot's lines carry Probot's names). */
export const APP_LOGGER_NAME = "issue-planner";

export async function createLogger(env: NodeJS.ProcessEnv = process.env): Promise<Logger> {
  const level = env.LOG_LEVEL && LEVELS.has(env.LOG_LEVEL) ? env.LOG_LEVEL : "info";
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT === "json" ? "json" : env.LOG_FORMAT === "pretty" ? "pretty" : undefined,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(
    { level, messageKey: env.LOG_MESSAGE_KEY || "msg", hooks: { logMethod: probesAtDebug } },
    transform,
  );
}

/**
 * Logs pino-http's line for a probe request (GET /health, /metrics answered 2xx, or /health answered "starting")
 * or a warm-up delivery answered 2xx at debug instead of info.
 */
const probesAtDebug: NonNullable<LoggerOptions["hooks"]>["logMethod"] = function (args, method, level) {
  if (level === INFO && isQuietLine(args[0])) {
    if (this.isLevelEnabled("debug")) this.debug(...(args as Parameters<Logger["debug"]>));
    return;
  }
  method.apply(this, args);
};

/** pino-http's line: `{ res, responseTime }`, the request bound to the child logger and reachable as `res.req`. */
function isQuietLine(first: unknown): boolean {
  if (typeof first !== "object" || first === null || !("res" in first) || !("responseTime" in first))
    return false;
  const { res } = first as { res: Partial<ServerResponse> };
  if (isStartingAnswer(res)) return true;
  if ((res.statusCode ?? 0) >= 400) return false;
  const path = (res.req?.url ?? "").split("?")[0] ?? "";
  return PROBE_PATHS.has(path) || isWarmUpDelivery(res.req?.headers["x-github-delivery"]);
}
