// The run's log, as a step's log should read: one short line per record, naming the issue. Fields beyond that
// (an event's payload that Probot attaches to handler errors, request bodies and headers) are never printed; a
// user's error has no stack trace, and others' go to `::debug::` lines, shown only with debug logging.
import { type DestinationStream, type Logger, pino } from "pino";
import { z } from "zod";
import { workflowCommand } from "./workflow-commands.js";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);
const INFO = 30;
const WARN = 40;
const ERROR = 50;

const recordSchema = z.looseObject({
  level: z.number(),
  msg: z.string().default(""),
  repo: z.string().optional(),
  issue: z.union([z.number(), z.string()]).optional(),
  reason: z.string().optional(),
  err: z
    .looseObject({
      message: z.string().optional(),
      stack: z.string().optional(),
      /** Set on the errors users can fix (UserFacingError, ProviderError): their message is all they need. */
      userMessage: z.string().optional(),
    })
    .optional(),
});

type LogRecord = z.infer<typeof recordSchema>;

/** Info by default; debug when the run has debug logging on (the runner sets RUNNER_DEBUG=1), or LOG_LEVEL. */
export function createActionLogger(
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream = process.stdout,
): Logger {
  const level =
    env.RUNNER_DEBUG === "1" ? "debug" : env.LOG_LEVEL && LEVELS.has(env.LOG_LEVEL) ? env.LOG_LEVEL : "info";
  const destination: DestinationStream = { write: (line) => out.write(renderLogLine(line)) };
  return pino({ level }, destination);
}

/** One pino JSON line -> what the step's log shows. */
export function renderLogLine(line: string): string {
  const parsed = recordSchema.safeParse(safeJson(line));
  if (!parsed.success) return `${line.trimEnd()}\n`;
  const record = parsed.data;
  const text = `${record.msg}${where(record)}`;
  if (record.level < INFO) return workflowCommand("debug", text);
  const details =
    record.err && !record.err.userMessage ? workflowCommand("debug", `${text}: ${errorText(record)}`) : "";
  return `${prefix(record.level)}${text}${reasonOf(record)}\n${details}`;
}

function where(record: LogRecord): string {
  if (record.repo && record.issue !== undefined) return ` (${record.repo}#${record.issue})`;
  return record.issue !== undefined ? ` (${record.issue})` : "";
}

function prefix(level: number): string {
  if (level >= ERROR) return "Error: ";
  return level >= WARN ? "Warning: " : "";
}

/** A refusal or retry says why; a failure's reason is the run's error annotation, not repeated here. */
function reasonOf(record: LogRecord): string {
  return record.reason && record.level < ERROR ? `: ${record.reason}` : "";
}

function errorText(record: LogRecord): string {
  return record.err?.stack ?? record.err?.message ?? "";
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
