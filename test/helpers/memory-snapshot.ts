// Repositories for the pure context code: an in-memory RepoSnapshot, and a fixture repository's files as a
// path -> text map (what the ranking and the import graph read).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { RepoSnapshot } from "../../src/repo/repo-snapshot.js";

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
