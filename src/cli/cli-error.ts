// An error in what the user typed or pointed at: printed as one line, exit code 2.
export class CliError extends Error {
  override name = "CliError";
}

/** 3: the plan could not be written (the reason is printed; with --post the issue says it too), or a crash. */
export const EXIT = { ok: 0, findings: 1, usage: 2, failed: 3 } as const;
