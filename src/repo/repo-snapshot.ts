// One repository at one commit, whatever it comes from: a local checkout, a git directory, or GitHub.
import type { TextArena } from "./text-arena.js";

export interface RepoFile {
  path: string;
  size: number;
}

export interface RepoSnapshot {
  /** Commit id, or null for a working directory outside git. */
  readonly commit: string | null;
  /** Every file, with repository-relative POSIX paths. */
  listFiles(): Promise<RepoFile[]>;
  /** A file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** The texts `readFile` reads, when they are all in memory already (a tarball read): no read need wait. */
  readonly held?: TextArena;
}
