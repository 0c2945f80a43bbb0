// Renders the [CODEBASE CONTEXT] section from the repository overview: stack facts from package.json, the file
// tree (shallow paths first, within a character budget) and the README's opening.
import type { RepositoryOverview } from "../github/fetch-repository-overview.js";
import { fenceUntrusted } from "../plan/fence-untrusted.js";

export interface ContextBudget {
  /** Characters of file paths listed; about four characters make a token. */
  treeChars: number;
  readmeChars: number;
}

export const DEFAULT_CONTEXT_BUDGET: ContextBudget = { treeChars: 32_000, readmeChars: 4_000 };

export function renderBasicContext(
  overview: RepositoryOverview,
  budget: ContextBudget = DEFAULT_CONTEXT_BUDGET,
): string {
  const sections = [
    `Repository: ${overview.fullName} (default branch \`${overview.defaultBranch}\`)`,
    "",
    "Tech Stack:",
    ...renderPackageFacts(overview.packageJson),
    "",
    ...renderTree(overview, budget.treeChars),
  ];
  if (overview.readme) {
    const text = overview.readme.text.slice(0, budget.readmeChars);
    const cut = overview.readme.text.length > text.length ? " (opening only)" : "";
    sections.push(
      "",
      `Relevant Code Snippets: \`${overview.readme.path}\`${cut}:`,
      fenceUntrusted("readme", text),
    );
  }
  return sections.join("\n");
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

function renderPackageFacts(packageJson: string | undefined): string[] {
  if (packageJson === undefined)
    return ["- No package.json at the repository root; infer the stack from the file tree."];
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(packageJson) as Record<string, unknown>;
  } catch {
    return ["- The root package.json is not valid JSON; infer the stack from the file tree."];
  }
  const lines: string[] = [];
  if (typeof manifest.name === "string") lines.push(`- Root package \`${manifest.name}\` (package.json).`);
  for (const field of DEPENDENCY_FIELDS) {
    const entries = objectEntries(manifest[field]);
    if (entries.length > 0) {
      lines.push(`- ${field}: ${entries.map(([name, version]) => `${name}@${String(version)}`).join(", ")}`);
    }
  }
  const scripts = objectEntries(manifest.scripts);
  if (scripts.length > 0) {
    lines.push("- package.json scripts (run with the repository's package manager):");
    for (const [name, command] of scripts) lines.push(`  - \`${name}\`: \`${String(command)}\``);
  } else {
    lines.push("- package.json defines no scripts.");
  }
  if (Array.isArray(manifest.workspaces) || typeof manifest.workspaces === "object") {
    lines.push(`- workspaces: ${JSON.stringify(manifest.workspaces)}`);
  }
  return lines;
}

function objectEntries(value: unknown): [string, unknown][] {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
}

function renderTree(overview: RepositoryOverview, maxChars: number): string[] {
  // Shallow paths first: on a large repository the top of the layout matters more than deep leaves.
  const ordered = [...overview.paths].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const listed: string[] = [];
  let used = 0;
  for (const path of ordered) {
    if (used + path.length + 1 > maxChars) break;
    listed.push(path);
    used += path.length + 1;
  }
  listed.sort();
  const omitted = ordered.length - listed.length;
  const header = `Directory Structure: ${overview.paths.length} files${overview.treeTruncated ? " (GitHub truncated the listing; more exist)" : ""}, listed one path per line:`;
  const lines = [header, fenceUntrusted("file-tree", listed.join("\n"))];
  if (omitted > 0) lines.push(`(${omitted} deeper paths are not listed; do not assume which exist.)`);
  return lines;
}

function depth(path: string): number {
  return path.split("/").length;
}
