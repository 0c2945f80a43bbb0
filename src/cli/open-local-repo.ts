// The repository a command reads from --repo (a checkout, a plain folder or a git directory) at --ref, with each
// way it can be wrong said as what, why and the fix.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import type { RepoSnapshot } from "../repo/repo-snapshot.js";
import { CliError, EXIT } from "./cli-error.js";
import { repoFix } from "./cli-options.js";

const run = promisify(execFile);

export async function openLocalRepo(dir: string, ref: string | undefined): Promise<RepoSnapshot> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new CliError(`--repo ${dir}: no such directory. ${repoFix}`);
  if (!info.isDirectory()) throw new CliError(`--repo ${dir}: a file, not a directory. ${repoFix}`);
  try {
    return await openLocalSnapshot(dir, ref);
  } catch (error) {
    if (!(error instanceof LocalRepoError)) throw error;
    if (ref === undefined) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw await refProblem(dir, ref, error);
  }
}

/** Why git could not resolve --ref: no git, no repository, or no such commit in it. */
async function refProblem(dir: string, ref: string, cause: LocalRepoError): Promise<CliError> {
  const repository = await gitRepositoryAt(dir);
  if (repository === "no-git")
    return new CliError(
      `--ref ${ref}: git is not installed (or not on PATH), and --ref reads through git. Install git, or drop --ref to read the folder as it is.`,
      EXIT.usage,
      { cause },
    );
  if (repository === "none")
    return new CliError(
      `--ref needs a git repository: ${resolve(dir)} is a plain folder. Drop --ref to read the folder as it is, or point --repo at a git checkout.`,
      EXIT.usage,
      { cause },
    );
  return new CliError(
    `--ref ${ref}: not a commit, branch or tag of the git repository at ${dir}. Give one it has (git -C ${dir} show-ref lists them), or drop --ref to read the working tree.`,
    EXIT.usage,
    { cause },
  );
}

/** Asked of git itself, which knows every layout (worktrees, bare clones, GIT_DIR) a folder check would miss. */
async function gitRepositoryAt(dir: string): Promise<"repository" | "none" | "no-git"> {
  try {
    await run("git", ["-C", dir, "rev-parse", "--git-dir"]);
    return "repository";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "no-git" : "none";
  }
}
