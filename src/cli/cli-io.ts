// What a command gets from the process and gives back to it: the entry point writes, tests read.

export interface CommandOutput {
  stdout: string;
  /** A message for the person running the command, besides the progress lines. */
  stderr?: string;
  exitCode: number;
}

export interface CliIo {
  stdout: (text: string) => void;
  /** Progress lines and errors, for a person watching. */
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}
