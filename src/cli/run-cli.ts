// Runs one command line in-process: parses it, runs the command, prints its output and errors in the CLI's
// style, and answers the exit code. The process entry (main.ts) and the in-process tests both call it.
import { CommanderError } from "commander";
import { buildProgram } from "./build-program.js";
import { CliError, clause, EXIT } from "./cli-error.js";
import type { CliIo, CommandOutput } from "./cli-io.js";

/** `argv` as node gives it: the executable and the script first, then the arguments. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const finish = (output: CommandOutput) => {
    io.stdout(output.stdout);
    if (output.stderr) io.stderr(output.stderr);
    exitCode = output.exitCode;
  };
  try {
    await buildProgram(io, finish).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: CliIo): number {
  // Help and version exit 0; commander has printed its usage errors already (in our style, see buildProgram).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliError) {
    for (const line of error.message.split("\n")) io.stderr(`issue-planner: ${line}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof Error && error.stack ? `${error.stack}\n` : "";
  io.stderr(
    `issue-planner: unexpected error: ${clause(message)}. This may be a bug in issue-planner: the details below help a report.\n${details}`,
  );
  return EXIT.failed;
}
