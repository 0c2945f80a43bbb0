// `lint-plan`'s findings as the three formats print them: text in the `file:line:column:` form editors and CI
// problem matchers read, JSON for tools, and GitHub workflow commands that annotate the plan's lines in a run.
import type { Finding } from "../plan/plan-findings.js";

export const LINT_FORMATS = ["text", "json", "github"] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** A finding at its place in the plan file; what concerns the whole plan stands at its first line. */
export interface PlacedFinding extends Omit<Finding, "line" | "column"> {
  line: number;
  column: number;
}

export function placeFindings(findings: Finding[]): PlacedFinding[] {
  const placed = findings.map(({ line, column, ...rest }) => ({
    ...rest,
    line: line ?? 1,
    column: column ?? 1,
  }));
  // Array.prototype.sort is stable: findings at the same place keep the checker's order.
  return placed.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function formatLintReport(file: string, findings: PlacedFinding[], format: LintFormat): string {
  if (format === "json") return `${JSON.stringify({ file, ok: findings.length === 0, findings }, null, 2)}\n`;
  if (findings.length === 0) return `${file}: the plan passes every check.\n`;
  if (format === "github") return findings.map((entry) => annotation(file, entry)).join("");
  const lines = findings.map(
    (entry) => `${file}:${entry.line}:${entry.column}: ${entry.severity}: ${entry.message} [${entry.rule}]\n`,
  );
  return `${lines.join("")}${file}: ${countOf(findings)}\n`;
}

function countOf(findings: PlacedFinding[]): string {
  const errors = findings.filter((entry) => entry.severity === "error").length;
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  return `${plural(findings.length, "finding")} (${plural(errors, "error")}, ${plural(findings.length - errors, "warning")}).`;
}

/** `::error file=…,line=…,col=…,title=<rule>::<message>`, escaped as the runner reads workflow commands. */
function annotation(file: string, entry: PlacedFinding): string {
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${entry.line}`,
    `col=${entry.column}`,
    `title=${escapeProperty(entry.rule)}`,
  ];
  return `::${entry.severity} ${properties.join(",")}::${escapeData(entry.message)}\n`;
}

// The runner's own escaping (actions/toolkit, command.ts): a bare newline would end the command early.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
