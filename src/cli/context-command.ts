// `issue-planner context`: the [CODEBASE CONTEXT] the app would send for an issue, from a local repository.
import { z } from "zod";
import { buildContext } from "../context/build-context.js";
import { planSettings } from "../pipeline/plan-settings.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import { cliEnv } from "./cli-env.js";
import { EXIT } from "./cli-error.js";
import type { CommandOutput } from "./cli-io.js";
import { budgetOption, parseOptions, repoFix, textOption } from "./cli-options.js";
import { openLocalRepo } from "./open-local-repo.js";
import { readIssueInput } from "./read-issue-input.js";

export const contextOptionsSchema = z.object({
  // As git and gh do: the current directory unless told otherwise.
  repo: textOption("--repo", repoFix).default("."),
  ref: textOption(
    "--ref",
    "Give a commit, branch or tag, or drop --ref to read the working tree.",
  ).optional(),
  issueFile: textOption(
    "--issue-file",
    "Give the issue as a Markdown file, `# Title` on its first line.",
  ).optional(),
  title: textOption("--title", "Give the issue's title.").optional(),
  body: z.string().optional(),
  budget: budgetOption.optional(),
  // Unset: the environment's OPENAI_MODEL and CONTEXT_BUDGET_TOKENS, as in the app.
  model: textOption("--model", "Give a model's name, or drop --model for OPENAI_MODEL.").optional(),
  exclude: z.array(z.string()).default([]),
  json: z.boolean().default(false),
});

export async function contextCommand(
  rawOptions: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandOutput> {
  const options = parseOptions(contextOptionsSchema, rawOptions);
  const settings = planSettings(cliEnv(env), undefined, {
    ...(options.model ? { model: options.model } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    exclude: options.exclude,
  });
  const issue = await readIssueInput(options);
  const local = await openLocalRepo(options.repo, options.ref);
  const snapshot = safeSnapshot(local, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude });
  const context = await buildContext(snapshot, issue, {
    budget: settings.budget,
    model: settings.model,
    ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
  });
  if (!options.json) return { stdout: `${context.text}\n`, exitCode: EXIT.ok };
  const report = {
    stack: context.stack,
    roles: context.roles,
    files: context.files.map(({ path, reason, tokens, shown }) => ({ path, reason, tokens, shown })),
    tokens: context.tokens,
  };
  return { stdout: `${JSON.stringify(report, null, 2)}\n`, exitCode: EXIT.ok };
}
