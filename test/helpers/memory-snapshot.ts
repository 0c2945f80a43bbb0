// Repositories for the pure context code: an in-memory RepoSnapshot, and a fixture repository's files as a
// path -> text map (what the ranking and the import graph read).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { RepoSnapshot } from "../../src/repo/repo-snapshot.js";
import { TextArena } from "../../src/repo/text-arena.js";

const REPOS = new URL("../fixtures/repos/", import.meta.url).pathname;

export function memorySnapshot(
  files: Record<string, string> | ReadonlyMap<string, string>,
  commit: string | null = null,
): RepoSnapshot {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    commit,
    listFiles: async () => [...map].map(([path, text]) => ({ path, size: Buffer.byteLength(text) })),
    readFile: async (path) => map.get(path),
  };
}

/** The texts as a tarball's read holds them: UTF-8 bytes in shared blocks. */
export function arenaOf(files: Iterable<[string, string]>): TextArena {
  const arena = new TextArena();
  for (const [path, text] of files) arena.add(path, [Buffer.from(text)]);
  return arena;
}

/** A snapshot holding its texts in memory as a tarball's read does (its `held` texts). */
export function heldSnapshot(files: ReadonlyMap<string, string>, commit: string | null = null): RepoSnapshot {
  return { ...memorySnapshot(files, commit), held: arenaOf(files) };
}

/** Every file of `test/fixtures/repos/<name>`, by repository-relative POSIX path, in path order. */
export function fixtureRepoFiles(name: string): Map<string, string> {
  const root = join(REPOS, name);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(root, full).split(sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return new Map([...files].sort((a, b) => a[0].localeCompare(b[0])));
}
