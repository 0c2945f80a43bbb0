// The file tree within a token budget: every path when it fits; otherwise folders with their file counts and
// every file of the folders the chosen files live in, so exact paths are there where the plan will work.

import { fitsWithin, type TokenCounter } from "./count-tokens.js";
import { fenceUntrusted } from "./fence-untrusted.js";

export function renderTree(paths: string[], focus: string[], budget: number, count: TokenCounter): string {
  const sorted = [...paths].sort();
  const all = fenceUntrusted("file-tree", sorted.join("\n"));
  if (fitsWithin(all, budget, count)) return `File tree (${paths.length} files, every path):\n${all}`;

  const folders = folderCounts(paths);
  const focusFolders = new Set(focus.map((path) => path.slice(0, path.lastIndexOf("/") + 1)));
  const near = sorted.filter((path) => focusFolders.has(path.slice(0, path.lastIndexOf("/") + 1)));
  const half = Math.floor(budget / 2);
  const folderLines = leadingLinesWithin(
    [...folders.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([folder, files]) => `${folder} (${files})`),
    half,
    count,
  );
  const nearLines = leadingLinesWithin(near, budget - count(folderLines.join("\n")) - 60, count);
  return [
    `File tree (${paths.length} files; too many to list): folders up to three levels deep with their file counts:`,
    fenceUntrusted("folders", folderLines.join("\n")),
    "Every file in the folders of the chosen files:",
    fenceUntrusted("files", nearLines.join("\n")),
    "Paths not listed here may exist; do not assume which.",
  ].join("\n");
}

/** Each folder up to three levels deep (`a/`, `a/b/`, `a/b/c/`) with the number of files under it. */
function folderCounts(paths: string[]): Map<string, number> {
  const folders = new Map<string, number>();
  for (const path of paths) {
    let end = path.indexOf("/");
    for (let depth = 1; depth <= 3 && end !== -1; depth += 1) {
      const folder = path.slice(0, end + 1);
      folders.set(folder, (folders.get(folder) ?? 0) + 1);
      end = path.indexOf("/", end + 1);
    }
  }
  return folders;
}

/** The leading lines that fit the budget, measured in one pass on a running estimate. */
function leadingLinesWithin(lines: string[], budget: number, count: TokenCounter): string[] {
  if (budget <= 0) return [];
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = count(line) + 1;
    if (used + cost > budget) break;
    kept.push(line);
    used += cost;
  }
  return kept;
}
