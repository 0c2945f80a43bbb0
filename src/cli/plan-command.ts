// `issue-planner plan`: the app's plan for an issue, printed instead of posted: from a local repository
// (--repo) or a GitHub issue (--github owner/repo#N, read with GITHUB_TOKEN); with --post, the app's job run on
// that issue. With --dry-run, the exact messages the model would get and their token counts, and no model call.
import { pino } from "pino";
import { z } from "zod";
import type { AppEnv } from "../config/env.js";
import { serverPolicy } from "../config/validate-repo-config.js";
import { tokenCounterFor } from "../context/count-tokens.js";
import { UserFacingError } from "../errors.js";
import { configProblemsMessage } from "../jobs/report-failure.js";
import { createLlmClient, type LlmClient } from "../llm/create-llm-client.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { type DraftSource, prepareDraft, writeDraft } from "../pipeline/draft-plan.js";
import { type PlanSettings, planSettings, type SettingsOverrides } from "../pipeline/plan-settings.js";
import { buildPlanMessages, type PlanInput } from "../plan/build-plan-messages.js";
import { renderPlanMarkdown } from "../plan/render-plan-markdown.js";
import { openGitHubSnapshot } from "../repo/github-snapshot.js";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import { createSnapshotCache } from "../repo/snapshot-cache.js";
import { cliEnv } from "./cli-env.js";
import { CliError, EXIT } from "./cli-error.js";
import { contextOptionsSchema } from "./context-command.js";
import { gitHubAccess, parseGitHubIssueRef } from "./github-access.js";
import { readGitHubIssue } from "./github-issue.js";
import type { CommandOutput } from "./lint-plan-command.js";
import { postPlan } from "./post-plan.js";
import { readIssueInput } from "./read-issue-input.js";

const planOptionsSchema = contextOptionsSchema.extend({
  repo: z.string().min(1).optional(),
  github: z.string().min(1).optional(),
  post: z.boolean().default(false),
  // Unset: the repository's settings (with --github), then the app's defaults.
  budget: contextOptionsSchema.shape.budget.unwrap().optional(),
  model: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  instructions: z.string().optional(),
  dryRun: z.boolean().default(false),
});

type PlanOptions = z.infer<typeof planOptionsSchema>;

export interface PlanCommandIo {
  /** Progress lines, for a person watching (stderr). */
  progress: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** What to plan from (the issue and the repository's files) and the settings that apply. */
interface PlanSource {
  draft: DraftSource;
  settings: PlanSettings;
}

export async function planCommand(rawOptions: unknown, io: PlanCommandIo): Promise<CommandOutput> {
  const parsed = planOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join("; "));
  checkCombination(parsed.data);
  // Without --github, the repository is the current directory unless --repo names another, as git does.
  const options = parsed.data.github || parsed.data.repo ? parsed.data : { ...parsed.data, repo: "." };
  if (options.post) return postCommand(options, io);

  const env = cliEnv(io.env);
  io.progress("Reading the repository...");
  const source = options.github ? await gitHubSource(options, env, io) : await localSource(options, env);
  const prepared = await prepareDraft(source.draft, source.settings);
  if (options.dryRun) return dryRun(prepared.input, source.settings.model, env, options.json);

  const llm = languageModel(env);
  io.progress("Writing the plan...");
  try {
    const { written } = await writeDraft(prepared, source.settings, {
      llm,
      log: pino({ level: "silent" }),
      onRepair: async () => io.progress("Checking the plan..."),
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

function checkCombination(options: PlanOptions): void {
  const fromFile =
    options.issueFile !== undefined || options.title !== undefined || options.body !== undefined;
  if (options.github && fromFile)
    throw new CliError("--github reads the issue from GitHub: drop --issue-file, --title and --body.");
  if (options.post && !options.github)
    throw new CliError("--post needs --github owner/repo#N: the issue to post the plan on.");
  if (options.post && options.dryRun) throw new CliError("--post and --dry-run exclude each other.");
  if (options.post && (options.repo || options.ref))
    throw new CliError(
      "--post plans from the repository on GitHub, as the app does: drop --repo and --ref (without --post, --repo plans from a local checkout).",
    );
  if (options.post && (options.language || options.instructions || options.budget || options.model))
    throw new CliError(
      "--post follows the repository's settings and the app's environment, as the app does: drop --language, --instructions, --budget and --model.",
    );
}

/** Command-line options win over the repository's settings, which win over the environment's defaults. */
function overridesOf(options: PlanOptions): SettingsOverrides {
  return {
    ...(options.model ? { model: options.model } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...(options.instructions !== undefined ? { teamInstructions: options.instructions } : {}),
    exclude: options.exclude,
  };
}

async function localSource(options: PlanOptions, env: AppEnv): Promise<PlanSource> {
  const issue = await readIssueInput(options);
  const local = await openLocal(options);
  const settings = planSettings(env, undefined, overridesOf(options));
  return {
    draft: {
      files: safeSnapshot(local, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude }),
      issue: { number: 0, ...issue },
      instructions: "",
      ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
      indexContents: true,
    },
    settings,
  };
}

/** The issue from GitHub, with the repository's settings; the files from --repo, or from GitHub at --ref. */
async function gitHubSource(options: PlanOptions, env: AppEnv, io: PlanCommandIo): Promise<PlanSource> {
  const ref = parseGitHubIssueRef(options.github as string);
  const { octokit } = await gitHubAccess(io.env);
  const read = await readGitHubIssue(octokit, ref, serverPolicy(env));
  if (!read.setup.ok) throw new CliError(configProblemsMessage(read.setup.problems, env.CONFIG_PATH));
  const settings = planSettings(env, read.setup.config, overridesOf(options));
  const issue = { number: ref.issueNumber, title: read.issue.title, body: read.issue.body ?? "" };
  if (options.repo) {
    const local = await openLocal(options);
    return {
      draft: {
        files: safeSnapshot(local, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude }),
        issue,
        instructions: "",
        ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
        indexContents: true,
      },
      settings,
    };
  }
  const branch = options.ref ?? read.repository.defaultBranch;
  const snapshot = await openGitHubSnapshot(octokit, { owner: ref.owner, repo: ref.repo }, branch, {
    cache: createSnapshotCache(env),
    limits: {
      maxTotalBytes: env.SNAPSHOT_MAX_BYTES,
      maxFiles: env.SNAPSHOT_MAX_FILES,
      maxFileBytes: env.MAX_FILE_BYTES,
    },
    log: pino({ level: "silent" }),
    ...(options.ref === undefined && read.setup.commit ? { knownCommit: read.setup.commit } : {}),
  });
  return {
    draft: {
      files: safeSnapshot(snapshot, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude }),
      issue,
      instructions: "",
      repository: `${ref.owner}/${ref.repo} at commit ${snapshot.commit.slice(0, 7)} of \`${branch}\``,
      indexContents: snapshot.source !== "trees",
      // Through the trees API every manifest read is a request (as in the app).
      ...(snapshot.source === "trees" ? { manifestRequests: 10 } : {}),
    },
    settings,
  };
}

async function openLocal(options: PlanOptions) {
  return openLocalSnapshot(options.repo as string, options.ref).catch((error: unknown) => {
    throw error instanceof LocalRepoError ? new CliError(error.message) : error;
  });
}

async function postCommand(options: PlanOptions, io: PlanCommandIo): Promise<CommandOutput> {
  const ref = parseGitHubIssueRef(options.github as string);
  const env = cliEnv(io.env);
  const llm = languageModel(env);
  const { octokit } = await gitHubAccess(io.env);
  io.progress(`Planning ${ref.owner}/${ref.repo}#${ref.issueNumber} on GitHub...`);
  // The job's own log lines (JSON, with the error's details) go to stderr when LOG_LEVEL asks for them.
  const log = pino({ level: io.env.LOG_LEVEL || "silent" }, pino.destination(2));
  const posted = await postPlan(octokit, ref, env, llm, log);
  const { outcome } = posted;
  if (options.json) {
    const exitCode = outcome.kind === "failed" ? EXIT.failed : EXIT.ok;
    return { stdout: `${JSON.stringify(posted, null, 2)}\n`, exitCode };
  }
  if (outcome.kind === "failed")
    return {
      stdout: "",
      stderr: `issue-planner: could not plan ${posted.issue}: ${outcome.reason} (the issue has a notice saying so; LOG_LEVEL=error prints the details)\n`,
      exitCode: EXIT.failed,
    };
  return { stdout: `Plan posted on ${posted.issue}.\n`, exitCode: EXIT.ok };
}

function dryRun(input: PlanInput, model: string, env: AppEnv, json: boolean): CommandOutput {
  const format = env.LLM_OUTPUT_MODE === "markdown" ? "markdown" : "json";
  const count = tokenCounterFor(model);
  const messages = buildPlanMessages(input, format).map((message) => ({
    ...message,
    tokens: count(message.content),
  }));
  const total = messages.reduce((sum, message) => sum + message.tokens, 0);
  if (json)
    return {
      stdout: `${JSON.stringify({ model, format, messages, totalTokens: total }, null, 2)}\n`,
      exitCode: EXIT.ok,
    };
  const text = messages
    .map((message) => `===== ${message.role} message (${message.tokens} tokens) =====\n${message.content}\n`)
    .join("\n");
  return {
    stdout: `${text}\n===== ${total} tokens in all, for ${model} (${format} replies) =====\n`,
    exitCode: EXIT.ok,
  };
}

function languageModel(env: AppEnv): LlmClient {
  let llm: LlmClient | null;
  try {
    llm = createLlmClient(env);
  } catch (error) {
    throw error instanceof ProviderSettingsError ? new CliError(error.message) : error;
  }
  if (!llm)
    throw new CliError(
      "no language model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key), or use --dry-run.",
    );
  return llm;
}
