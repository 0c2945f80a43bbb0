// An error in what the user typed or pointed at: printed as one line, exit code 2.
export class CliError extends Error {
  override name = "CliError";
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
