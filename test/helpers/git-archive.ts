// Tarballs made by real `git archive` from commits whose paths no checkout could hold (names over 255 bytes,
// paths over 4096, a backslash in a name, the same path twice): git stores them, GitHub's tarball serves them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ArchiveEntry {
  path: string;
  body: string;
}

/** A gzipped tarball of one commit holding `entries` under GitHub's `owner-repo-sha/` folder. */
export function gitArchiveTarball(entries: ArchiveEntry[], top = "acme-web-0123abc"): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "git-archive-"));
  const env = { ...process.env, GIT_DIR: join(dir, "repo.git") };
  const git = (args: string[], input?: string) =>
    execFileSync("git", args, { env, input, maxBuffer: 64 * 1024 * 1024 });
  try {
    git(["init", "--quiet", "--bare", env.GIT_DIR]);
    const root: Folder = new Map();
    for (const entry of entries) {
      const blob = git(["hash-object", "-w", "--stdin"], entry.body).toString().trim();
      add(root, entry.path.split("/"), blob);
    }
    return git(["archive", "--format=tar.gz", `--prefix=${top}/`, writeTree(git, root)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A folder's entries by name; a name may hold several blobs (the duplicate-entry case). */
type Folder = Map<string, { blobs: string[]; folder?: Folder }>;

function add(folder: Folder, names: string[], blob: string): void {
  const [name, ...rest] = names;
  if (name === undefined) return;
  const entry = folder.get(name) ?? { blobs: [] };
  folder.set(name, entry);
  if (rest.length === 0) entry.blobs.push(blob);
  else {
    entry.folder ??= new Map();
    add(entry.folder, rest, blob);
  }
}

// mktree, unlike the index, writes what it is given: names over 255 bytes, backslashes, a name twice.
function writeTree(git: Git, folder: Folder): string {
  const lines: string[] = [];
  for (const [name, entry] of folder) {
    for (const blob of entry.blobs) lines.push(`100644 blob ${blob}\t${name}`);
    if (entry.folder) lines.push(`040000 tree ${writeTree(git, entry.folder)}\t${name}`);
  }
  return git(["mktree"], `${lines.join("\n")}\n`)
    .toString()
    .trim();
}

type Git = (args: string[], input?: string) => Buffer;
