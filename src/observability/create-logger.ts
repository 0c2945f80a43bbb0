// The process logger: pino with Probot's formatting (LOG_FORMAT pretty/json, LOG_LEVEL, Sentry via SENTRY_DSN).
import { getTransformStream } from "@probot/pino";
import { type Logger, pino } from "pino";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

export async function createLogger(env: NodeJS.ProcessEnv = process.env): Promise<Logger> {
  const level = env.LOG_LEVEL && LEVELS.has(env.LOG_LEVEL) ? env.LOG_LEVEL : "info";
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT === "json" ? "json" : env.LOG_FORMAT === "pretty" ? "pretty" : undefined,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino({ name: "issue-planner", level, messageKey: env.LOG_MESSAGE_KEY || "msg" }, transform);
}
