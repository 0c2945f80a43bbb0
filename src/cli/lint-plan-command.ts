// `issue-planner lint-plan`: checks a plan file against the format and a local repository.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { loadRepoFacts } from "../pipeline/load-repo-facts.js";
import { lintPlan } from "../plan/lint-plan.js";
import type { Finding } from "../plan/plan-findings.js";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import { CliError, EXIT } from "./cli-error.js";

const lintPlanOptionsSchema = z.object({
  repo: z.string().min(1, "--repo needs a directory").default("."),
  ref: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

export interface CommandOutput {
  stdout: string;
  /** A message for the person running the command, besides the progress lines. */
  stderr?: string;
  exitCode: number;
}

export async function lintPlanCommand(file: string, rawOptions: unknown): Promise<CommandOutput> {
  const parsed = lintPlanOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const options = parsed.data;
  const markdown = await readFile(file, "utf8").catch(() => {
    throw new CliError(`${file}: cannot read the plan file.`);
  });
  const snapshot = await openLocalSnapshot(options.repo, options.ref).catch((error: unknown) => {
    throw error instanceof LocalRepoError ? new CliError(error.message) : error;
  });
  const { findings } = lintPlan(markdown, await loadRepoFacts(snapshot));
  const exitCode = findings.length === 0 ? EXIT.ok : EXIT.findings;
  if (options.json) {
    return {
      stdout: `${JSON.stringify({ file, ok: findings.length === 0, findings }, null, 2)}\n`,
      exitCode,
    };
  }
  return { stdout: formatFindings(file, findings), exitCode };
}

function formatFindings(file: string, findings: Finding[]): string {
  if (findings.length === 0) return `${file}: the plan passes every check.\n`;
  const lines = findings.map(
    (entry) =>
      `  ${where(entry).padEnd(12)}  ${entry.severity.padEnd(7)}  ${entry.rule.padEnd(26)}  ${entry.message}`,
  );
  return `${file}: ${findings.length} finding${findings.length === 1 ? "" : "s"}\n${lines.join("\n")}\n`;
}

/** "line 12", or the task and step for findings about the plan's content. */
function where(entry: Finding): string {
  if (entry.line !== undefined) return `line ${entry.line}`;
  if (!entry.at) return "plan";
  const phase = { dataLayer: 1, backend: 2, frontend: 3, testing: 4 }[entry.at.phase];
  return `task ${phase}.${entry.at.task + 1}${entry.at.step >= 0 ? ` s${entry.at.step + 1}` : ""}`;
}
