// Local repositories: a working directory (git-aware when it is a checkout), or any git directory at any ref,
// read through git itself so the CLI and benchmarks work on clones, worktrees and bare mirrors alike.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { GitBlobReader } from "./git-blob-reader.js";
import type { RepoFile, RepoSnapshot } from "./repo-snapshot.js";

const run = promisify(execFile);
const MAX_GIT_OUTPUT = 512 * 1024 * 1024;
// Never listed when walking a directory without git.
const SKIPPED_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

export class LocalRepoError extends Error {
  override name = "LocalRepoError";
}

export async function openLocalSnapshot(dir: string, ref?: string): Promise<RepoSnapshot> {
  const root = resolve(dir);
  if (!existsSync(root)) throw new LocalRepoError(`--repo ${dir}: no such directory.`);
  const gitArgs = isBareGitDir(root) ? ["--git-dir", root] : ["-C", root];
  if (ref !== undefined || isBareGitDir(root)) {
    const commit = await resolveCommit(gitArgs, ref ?? "HEAD", dir);
    return gitCommitSnapshot(gitArgs, commit);
  }
  const inWorkTree = await git(gitArgs, ["rev-parse", "--is-inside-work-tree"]).then(
    (out) => out.trim() === "true",
    () => false,
  );
  return inWorkTree ? gitWorkTreeSnapshot(gitArgs, root) : directorySnapshot(root, null);
}

function isBareGitDir(root: string): boolean {
  return (
    existsSync(join(root, "HEAD")) && existsSync(join(root, "objects")) && existsSync(join(root, "refs"))
  );
}

async function git(gitArgs: string[], args: string[]): Promise<string> {
  const { stdout } = await run("git", [...gitArgs, ...args], { maxBuffer: MAX_GIT_OUTPUT, encoding: "utf8" });
  return stdout;
}

async function resolveCommit(gitArgs: string[], ref: string, dir: string): Promise<string> {
  try {
    return (await git(gitArgs, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    throw new LocalRepoError(`--ref ${ref}: not a commit, branch or tag of the git repository at ${dir}.`);
  }
}

function gitCommitSnapshot(gitArgs: string[], commit: string): RepoSnapshot {
  const blobs = new GitBlobReader(gitArgs);
  return {
    commit,
    async listFiles() {
      // -z keeps unusual path characters intact; -l adds blob sizes; submodules (commit entries) are skipped.
      const out = await git(gitArgs, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
      const files: RepoFile[] = [];
      for (const entry of out.split("\0")) {
        const match = /^\d+ blob [0-9a-f]+ +(\d+|-)\t(.+)$/s.exec(entry);
        if (match?.[2]) files.push({ path: match[2], size: Number(match[1]) || 0 });
      }
      return files;
    },
    readFile: (path) => blobs.read(commit, path),
  };
}

async function gitWorkTreeSnapshot(gitArgs: string[], root: string): Promise<RepoSnapshot> {
  const top = (await git(gitArgs, ["rev-parse", "--show-toplevel"])).trim();
  const head = await git(gitArgs, ["rev-parse", "--verify", "--quiet", "HEAD"]).then(
    (out) => out.trim(),
    () => null,
  );
  return {
    commit: head,
    async listFiles() {
      // Tracked and untracked files, without what .gitignore excludes: what a developer sees in the checkout.
      const out = await git(["-C", top], ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
      const paths = [...new Set(out.split("\0").filter(Boolean))];
      const files = await Promise.all(
        paths.map(async (path) => {
          const info = await stat(join(top, path)).catch(() => undefined);
          return info?.isFile() ? { path, size: info.size } : undefined;
        }),
      );
      const prefix = relative(top, root);
      return files
        .filter((file): file is RepoFile => file !== undefined)
        .filter((file) => !prefix || file.path.startsWith(`${prefix.split(sep).join("/")}/`))
        .map((file) => (prefix ? { ...file, path: file.path.slice(prefix.length + 1) } : file));
    },
    readFile: (path) => readInside(root, path),
  };
}

function directorySnapshot(root: string, commit: string | null): RepoSnapshot {
  return {
    commit,
    async listFiles() {
      const files: RepoFile[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const full = join(dir, entry.name);
          if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(full);
          else if (entry.isFile()) {
            files.push({ path: relative(root, full).split(sep).join("/"), size: (await stat(full)).size });
          }
        }
      };
      await walk(root);
      return files.sort((a, b) => (a.path < b.path ? -1 : 1));
    },
    readFile: (path) => readInside(root, path),
  };
}

export async function readInside(root: string, path: string): Promise<string | undefined> {
  const full = resolve(root, path);
  // Paths come from plans and issues too: never read outside the repository.
  if (full !== root && !full.startsWith(`${root}${sep}`)) return undefined;
  return readFile(full, "utf8").catch(() => undefined);
}
