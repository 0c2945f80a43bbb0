// The "Tech Stack" lines of the context: what the plan must build with, in one place.
import type { StackCategory, StackEntry, TechStack } from "./stack/detect-stack.js";

const LABELS: [StackCategory, string][] = [
  ["frameworks", "Frameworks"],
  ["orm", "ORM and migrations"],
  ["database", "Database"],
  ["validation", "Validation"],
  ["dataFetching", "Data fetching"],
  ["ui", "Styling and UI"],
  ["auth", "Authentication and authorization"],
  ["payments", "Payments"],
  ["cache", "Cache"],
  ["queue", "Queues and jobs"],
  ["unitTests", "Unit and integration tests"],
  ["e2eTests", "End-to-end tests"],
  ["monitoring", "Monitoring"],
  ["analytics", "Analytics"],
  ["cms", "CMS"],
  ["ai", "AI"],
];

export function renderStack(stack: TechStack): string[] {
  const lines: string[] = [];
  if (stack.languages.length > 0) lines.push(`- Languages: ${stack.languages.join(", ")}`);
  if (stack.packageManager) lines.push(`- Package manager: ${stack.packageManager}`);
  for (const [category, label] of LABELS) {
    const entries = stack.categories[category];
    if (entries?.length) lines.push(`- ${label}: ${entries.map(describe).join("; ")}`);
  }
  if (stack.workspaces.length > 0)
    lines.push(`- Workspace packages: ${stack.workspaces.map((dir) => `\`${dir}/\``).join(", ")}`);
  if (stack.scripts.length > 0) {
    const byManifest = new Map<string, string[]>();
    for (const script of stack.scripts) {
      const list = byManifest.get(script.manifest) ?? [];
      list.push(
        `\`${script.name}\` (${script.command.length > 60 ? `${script.command.slice(0, 57)}...` : script.command})`,
      );
      byManifest.set(script.manifest, list);
    }
    for (const [manifest, scripts] of byManifest)
      lines.push(`- Scripts in \`${manifest}\`: ${scripts.join(", ")}`);
  }
  return lines.length > 0 ? lines : ["- Not detected: infer the stack from the file tree."];
}

function describe(entry: StackEntry): string {
  const name = entry.version ? `${entry.name} ${entry.version}` : entry.name;
  return entry.notes?.length ? `${name} (${entry.notes.join("; ")})` : name;
}
