// `issue-planner lint-plan`: checks a plan file against the format and a local repository.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { loadRepoFacts } from "../pipeline/load-repo-facts.js";
import { lintPlan } from "../plan/lint-plan.js";
import { CliError, EXIT } from "./cli-error.js";
import type { CommandOutput } from "./cli-io.js";
import { parseOptions, repoFix, textOption } from "./cli-options.js";
import { formatLintReport, LINT_FORMATS, placeFindings } from "./lint-report.js";
import { openLocalRepo } from "./open-local-repo.js";

const lintPlanOptionsSchema = z
  .object({
    repo: textOption("--repo", repoFix).default("."),
    ref: textOption(
      "--ref",
      "Give a commit, branch or tag, or drop --ref to read the working tree.",
    ).optional(),
    format: z
      .enum(LINT_FORMATS, {
        error: (issue) =>
          `--format ${String(issue.input)}: not a format of lint-plan. Give text, json or github.`,
      })
      .optional(),
    /** The format's older name, kept working: `--json` is `--format json`. */
    json: z.boolean().default(false),
  })
  .transform(({ json, format, ...options }, context) => {
    if (json && format !== undefined && format !== "json") {
      const message = `--json and --format ${format}: two formats asked for. Drop --json (it is --format json).`;
      context.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return { ...options, format: json ? "json" : (format ?? "text") } as const;
  });

export async function lintPlanCommand(file: string, rawOptions: unknown): Promise<CommandOutput> {
  const options = parseOptions(lintPlanOptionsSchema, rawOptions);
  const markdown = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `${file}: cannot read the plan file (${error.code ?? error.message}). Check the path.`,
    );
  });
  const snapshot = await openLocalRepo(options.repo, options.ref);
  const findings = placeFindings(lintPlan(markdown, await loadRepoFacts(snapshot)).findings);
  return {
    stdout: formatLintReport(file, findings, options.format),
    exitCode: findings.length === 0 ? EXIT.ok : EXIT.findings,
  };
}
