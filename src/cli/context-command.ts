// `issue-planner context`: the [CODEBASE CONTEXT] the app would send for an issue, from a local repository.
import { z } from "zod";
import { buildContext } from "../context/build-context.js";
import { planSettings } from "../pipeline/plan-settings.js";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import { cliEnv } from "./cli-env.js";
import { CliError } from "./cli-error.js";
import type { CommandOutput } from "./lint-plan-command.js";
import { readIssueInput } from "./read-issue-input.js";

export const contextOptionsSchema = z.object({
  // As git and gh do: the current directory unless told otherwise.
  repo: z.string().min(1, "--repo needs a directory").default("."),
  ref: z.string().min(1).optional(),
  issueFile: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  body: z.string().optional(),
  budget: z.coerce
    .number({ error: "--budget must be a number of tokens" })
    .int("--budget must be a whole number of tokens")
    .min(1_000, "--budget must be at least 1000 tokens")
    .optional(),
  // Unset: the environment's OPENAI_MODEL and CONTEXT_BUDGET_TOKENS, as in the app.
  model: z.string().min(1).optional(),
  exclude: z.array(z.string()).default([]),
  json: z.boolean().default(false),
});

export async function contextCommand(
  rawOptions: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandOutput> {
  const parsed = contextOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const options = parsed.data;
  const settings = planSettings(cliEnv(env), undefined, {
    ...(options.model ? { model: options.model } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    exclude: options.exclude,
  });
  const issue = await readIssueInput(options);
  const local = await openLocalSnapshot(options.repo, options.ref).catch((error: unknown) => {
    throw error instanceof LocalRepoError ? new CliError(error.message) : error;
  });
  const snapshot = safeSnapshot(local, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude });
  const context = await buildContext(snapshot, issue, {
    budget: settings.budget,
    model: settings.model,
    ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
  });
  if (!options.json) return { stdout: `${context.text}\n`, exitCode: 0 };
  const report = {
    stack: context.stack,
    roles: context.roles,
    files: context.files.map(({ path, reason, tokens, shown }) => ({ path, reason, tokens, shown })),
    tokens: context.tokens,
  };
  return { stdout: `${JSON.stringify(report, null, 2)}\n`, exitCode: 0 };
}
