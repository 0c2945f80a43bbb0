// The runner's workflow commands on stdout: `::error::` and `::notice::` make annotations on the run, `::debug::`
// lines show only when the run has debug logging on (ACTIONS_STEP_DEBUG / "Enable debug logging").

export type CommandLevel = "error" | "warning" | "notice" | "debug";

/** One command line: `%`, CR and LF are escaped so a message of many lines stays one annotation. */
export function workflowCommand(level: CommandLevel, message: string): string {
  const escaped = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::${level}::${escaped}\n`;
}

export function annotate(
  level: CommandLevel,
  message: string,
  out: NodeJS.WritableStream = process.stdout,
): void {
  out.write(workflowCommand(level, message));
}
