// `issue-planner plan`: the app's plan for an issue, from a local repository, printed instead of posted. With
// --dry-run, the exact messages the model would get and their token counts, and no model call.
import { pino } from "pino";
import { z } from "zod";
import { EnvError, readEnv } from "../config/env.js";
import { buildContext } from "../context/build-context.js";
import { tokenCounterFor } from "../context/count-tokens.js";
import { UserFacingError } from "../errors.js";
import { writePlan } from "../jobs/write-plan.js";
import { createLlmClient } from "../llm/create-llm-client.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { buildPlanMessages, type PlanInput } from "../plan/build-plan-messages.js";
import { renderPlanMarkdown } from "../plan/render-plan-markdown.js";
import { loadRepoFacts } from "../repo/load-repo-facts.js";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import { DEFAULT_MAX_FILE_BYTES, safeSnapshot } from "../repo/safe-snapshot.js";
import { CliError, EXIT } from "./cli-error.js";
import { contextOptionsSchema } from "./context-command.js";
import type { CommandOutput } from "./lint-plan-command.js";
import { readIssueInput } from "./read-issue-input.js";

export const planOptionsSchema = contextOptionsSchema.extend({
  dryRun: z.boolean().default(false),
  language: z.string().min(2).default("English"),
  instructions: z.string().default(""),
});

export interface PlanCommandIo {
  /** Progress lines, for a person watching (stderr). */
  progress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export async function planCommand(rawOptions: unknown, io: PlanCommandIo): Promise<CommandOutput> {
  const parsed = planOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const options = parsed.data;
  const issue = await readIssueInput(options);

  io.progress("Reading the repository...");
  const local = await openLocalSnapshot(options.repo, options.ref).catch((error: unknown) => {
    throw error instanceof LocalRepoError ? new CliError(error.message) : error;
  });
  const files = safeSnapshot(local, { maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: options.exclude });
  const context = await buildContext(files, issue, {
    budget: options.budget,
    model: options.model,
    ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
  });
  const input: PlanInput = {
    issue: { number: 0, ...issue },
    instructions: "",
    codebaseContext: context.text,
    language: options.language,
    teamInstructions: options.instructions,
  };

  if (options.dryRun) {
    const format = io.env.LLM_OUTPUT_MODE === "markdown" ? "markdown" : "json";
    const count = tokenCounterFor(options.model);
    const messages = buildPlanMessages(input, format).map((message) => ({
      ...message,
      tokens: count(message.content),
    }));
    const total = messages.reduce((sum, message) => sum + message.tokens, 0);
    if (options.json)
      return {
        stdout: `${JSON.stringify({ model: options.model, format, messages, totalTokens: total }, null, 2)}\n`,
        exitCode: EXIT.ok,
      };
    const text = messages
      .map(
        (message) => `===== ${message.role} message (${message.tokens} tokens) =====\n${message.content}\n`,
      )
      .join("\n");
    return {
      stdout: `${text}\n===== ${total} tokens in all, for ${options.model} (${format} replies) =====\n`,
      exitCode: EXIT.ok,
    };
  }

  const env = (() => {
    try {
      return readEnv(io.env);
    } catch (error) {
      throw error instanceof EnvError ? new CliError(error.message) : error;
    }
  })();
  const llm = (() => {
    try {
      return createLlmClient(env);
    } catch (error) {
      throw error instanceof ProviderSettingsError ? new CliError(error.message) : error;
    }
  })();
  if (!llm)
    throw new CliError(
      "no language model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key), or use --dry-run.",
    );
  io.progress("Writing the plan...");
  const facts = await loadRepoFacts(files);
  try {
    const written = await writePlan({
      llm: { ...llm, model: options.model },
      input,
      facts,
      repairRounds: env.PLAN_REPAIR_ROUNDS,
      maxTokens: env.MAX_TOKENS_PER_PLAN,
      onRepair: async () => io.progress("Checking the plan..."),
      log: pino({ level: "silent" }),
    });
    const exitCode = written.remaining.length > 0 ? EXIT.findings : EXIT.ok;
    for (const { finding, action } of written.fixed) io.progress(`fixed: ${finding.message} Then ${action}.`);
    for (const finding of written.remaining) io.progress(`open: ${finding.message}`);
    if (options.json) {
      const report = {
        plan: written.plan,
        fixed: written.fixed,
        remaining: written.remaining,
        repairRounds: written.repairRounds,
        format: written.format,
        model: written.model,
        usage: written.usage,
      };
      return { stdout: `${JSON.stringify(report, null, 2)}\n`, exitCode };
    }
    return { stdout: renderPlanMarkdown(written.plan), exitCode };
  } catch (error) {
    // The provider's failures carry a message a person can act on.
    if (error instanceof UserFacingError) throw new CliError(error.userMessage);
    throw error;
  }
}
