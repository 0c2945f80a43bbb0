// How a command ends: the exit codes the README documents for every command, and the error a person can act on.

/** The exit codes of every command (README, "Command line"). */
export const EXIT = {
  /** Done: the context or the dry run printed, a clean plan written or linted, the plan posted. */
  ok: 0,
  /** The plan has findings: `lint-plan` found some, or `plan` left some open. */
  findings: 1,
  /** Bad usage or input (an option, a file, the repository, the environment): the message names the fix. */
  usage: 2,
  /** The work could not be done: the model or GitHub failed or could not be reached, or a crash. */
  failed: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error the person running the command can act on. Its message says what went wrong, why, and the fix
 * (`<what>: <why>. <fix>`), one problem a line; the entry point prints each line after `issue-planner: `.
 */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Another module's sentence as a clause of a CLI message: lower-cased start, no closing full stop. */
export function clause(sentence: string): string {
  const text = sentence.trim().replace(/\.$/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}
