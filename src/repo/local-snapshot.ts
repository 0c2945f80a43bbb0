// Local repositories: a working directory (git-aware when it is a checkout), or any git directory at any ref,
// read through git itself so the CLI and benchmarks work on clones, worktrees and bare mirrors alike.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
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
  // Symbolic links (mode 120000) are listed; their blob is the target's name, not content: never read as a file.
  const links = new Set<string>();
  return {
    commit,
    async listFiles() {
      // -z keeps unusual path characters intact; -l adds blob sizes; submodules (commit entries) are skipped.
      const out = await git(gitArgs, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
      const files: RepoFile[] = [];
      for (const entry of out.split("\0")) {
        const match = /^(\d+) blob [0-9a-f]+ +(\d+|-)\t(.+)$/s.exec(entry);
        if (!match?.[3]) continue;
        if (match[1] === "120000") links.add(match[3]);
        files.push({ path: match[3], size: Number(match[2]) || 0 });
      }
      return files;
    },
    readFile: async (path) => (links.has(path) ? undefined : blobs.read(commit, path)),
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
      // lstat: a committed symbolic link is listed as what it is (its size is its target's length), never
      // followed to a file outside the repository.
      const files = await Promise.all(
        paths.map(async (path) => {
          const info = await lstat(join(top, path)).catch(() => undefined);
          return info?.isFile() || info?.isSymbolicLink() ? { path, size: info.size } : undefined;
        }),
      );
      const prefix = relative(top, root);
      return files
        .filter((file): file is RepoFile => file !== undefined)
        .filter((file) => !prefix || file.path.startsWith(`${prefix.split(sep).join("/")}/`))
        .map((file) => (prefix ? { ...file, path: file.path.slice(prefix.length + 1) } : file));
    },
    readFile: insideReader(root),
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
          else if (entry.isFile() || entry.isSymbolicLink()) {
            files.push({ path: relative(root, full).split(sep).join("/"), size: (await lstat(full)).size });
          }
        }
      };
      await walk(root);
      return files.sort((a, b) => (a.path < b.path ? -1 : 1));
    },
    readFile: insideReader(root),
  };
}

/**
 * Reads files that lie inside `root` with no symbolic link on the way (paths come from plans and issues, links
 * from the repository: neither may lead a read outside); a read answers undefined otherwise or when the file does
 * not exist. The root's own real path is looked up once, not per file.
 */
function insideReader(root: string): (path: string) => Promise<string | undefined> {
  let realRoot: Promise<string> | undefined;
  return async (path) => {
    const full = resolve(root, path);
    if (full === root || !full.startsWith(`${root}${sep}`)) return undefined;
    realRoot ??= realpath(root);
    const [base, real] = await Promise.all([realRoot, realpath(full).catch(() => undefined)]);
    if (real === undefined || real !== join(base, relative(root, full))) return undefined;
    return readFile(real, "utf8").catch((error: NodeJS.ErrnoException) => {
      // Removed, a folder or not ours to read: as good as absent. Anything else is a real failure.
      if (["ENOENT", "EISDIR", "ENOTDIR", "EACCES"].includes(error.code ?? "")) return undefined;
      throw error;
    });
  };
}
