// `issue-planner plan`: the app's plan for an issue, printed instead of posted: from a local repository
// (--repo) or a GitHub issue (--github owner/repo#N, read with GITHUB_TOKEN); with --post, the app's job run on
// that issue. With --dry-run, the exact messages the model would get and their token counts, and no model call.
import { pino } from "pino";
import { z } from "zod";
import { type AppEnv, EnvError, readEnv } from "../config/env.js";
import { serverPolicy } from "../config/validate-repo-config.js";
import { buildContext } from "../context/build-context.js";
import { tokenCounterFor } from "../context/count-tokens.js";
import { UserFacingError } from "../errors.js";
import { configProblemsMessage } from "../jobs/report-failure.js";
import { writePlan } from "../jobs/write-plan.js";
import { createLlmClient, type LlmClient } from "../llm/create-llm-client.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { buildPlanMessages, type PlanInput } from "../plan/build-plan-messages.js";
import { renderPlanMarkdown } from "../plan/render-plan-markdown.js";
import { openGitHubSnapshot } from "../repo/github-snapshot.js";
import { loadRepoFacts } from "../repo/load-repo-facts.js";
import { LocalRepoError, openLocalSnapshot } from "../repo/local-snapshot.js";
import { DEFAULT_MAX_FILE_BYTES, type SafeSnapshot, safeSnapshot } from "../repo/safe-snapshot.js";
import { createSnapshotCache } from "../repo/snapshot-cache.js";
import { CliError, EXIT } from "./cli-error.js";
import { contextOptionsSchema } from "./context-command.js";
import { gitHubAccess, parseGitHubIssueRef } from "./github-access.js";
import { readGitHubIssue } from "./github-issue.js";
import type { CommandOutput } from "./lint-plan-command.js";
import { postPlan } from "./post-plan.js";
import { readIssueInput } from "./read-issue-input.js";

export const planOptionsSchema = contextOptionsSchema.extend({
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

/** What to plan from: the issue, the repository's files, and the settings that apply. */
interface PlanSource {
  issue: { title: string; body: string };
  files: SafeSnapshot;
  /** How the context names the repository (absent for a working tree). */
  repository?: string;
  model: string;
  budget: number;
  language: string;
  instructions: string;
  include: string[];
  /** False for a repository read file by file through the trees API (too large for its tarball). */
  indexContents: boolean;
  manifestRequests?: number;
}

export async function planCommand(rawOptions: unknown, io: PlanCommandIo): Promise<CommandOutput> {
  const parsed = planOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const options = parsed.data;
  checkCombination(options);
  if (options.post) return postCommand(options, io);

  io.progress("Reading the repository...");
  const source = options.github ? await gitHubSource(options, io) : await localSource(options, io);
  const context = await buildContext(source.files, source.issue, {
    budget: source.budget,
    model: source.model,
    include: source.include,
    indexContents: source.indexContents,
    ...(source.repository ? { repository: source.repository } : {}),
  });
  const input: PlanInput = {
    issue: { number: 0, ...source.issue },
    instructions: "",
    codebaseContext: context.text,
    language: source.language,
    teamInstructions: source.instructions,
  };
  if (options.dryRun) return dryRun(input, source.model, io.env, options.json);

  const env = appEnv(io.env);
  const llm = languageModel(env);
  io.progress("Writing the plan...");
  const facts = await loadRepoFacts(source.files, source.manifestRequests);
  try {
    const written = await writePlan({
      llm: { ...llm, model: source.model },
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

function checkCombination(options: PlanOptions): void {
  const fromFile =
    options.issueFile !== undefined || options.title !== undefined || options.body !== undefined;
  if (!options.repo && !options.github)
    throw new CliError("say which repository: --repo DIR, or --github owner/repo#N for an issue on GitHub.");
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

async function localSource(options: PlanOptions, io: PlanCommandIo): Promise<PlanSource> {
  const issue = await readIssueInput(options);
  const local = await openLocal(options);
  return {
    issue,
    files: safeSnapshot(local, { maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: options.exclude }),
    ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
    model: options.model ?? (io.env.OPENAI_MODEL || "gpt-4.1"),
    budget: options.budget ?? 24_000,
    language: options.language ?? "English",
    instructions: options.instructions ?? "",
    include: [],
    indexContents: true,
  };
}

/** The issue from GitHub, with the repository's settings; the files from --repo, or from GitHub at --ref. */
async function gitHubSource(options: PlanOptions, io: PlanCommandIo): Promise<PlanSource> {
  const ref = parseGitHubIssueRef(options.github as string);
  const env = appEnv(io.env);
  const { octokit } = await gitHubAccess(io.env);
  const read = await readGitHubIssue(octokit, ref, serverPolicy(env));
  if (!read.setup.ok) throw new CliError(configProblemsMessage(read.setup.problems, env.CONFIG_PATH));
  const { config } = read.setup;
  const issue = { title: read.issue.title, body: read.issue.body ?? "" };
  const settings = {
    model: options.model ?? config.model ?? env.OPENAI_MODEL,
    budget:
      options.budget ?? Math.min(config.context.budget ?? env.CONTEXT_BUDGET_TOKENS, env.CONTEXT_BUDGET_MAX),
    language: options.language ?? config.plan.language,
    instructions: options.instructions ?? config.plan.instructions,
    include: config.context.include,
  };
  const exclude = [...env.CONTEXT_EXCLUDE, ...config.context.exclude, ...options.exclude];
  if (options.repo) {
    const local = await openLocal(options);
    return {
      issue,
      files: safeSnapshot(local, { maxFileBytes: env.MAX_FILE_BYTES, exclude }),
      ...(local.commit ? { repository: `${options.repo} at commit ${local.commit.slice(0, 7)}` } : {}),
      ...settings,
      indexContents: true,
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
    issue,
    files: safeSnapshot(snapshot, { maxFileBytes: env.MAX_FILE_BYTES, exclude }),
    repository: `${ref.owner}/${ref.repo} at commit ${snapshot.commit.slice(0, 7)} of \`${branch}\``,
    ...settings,
    indexContents: snapshot.source !== "trees",
    // Through the trees API every manifest read is a request (as in the app).
    ...(snapshot.source === "trees" ? { manifestRequests: 10 } : {}),
  };
}

async function openLocal(options: PlanOptions) {
  return openLocalSnapshot(options.repo as string, options.ref).catch((error: unknown) => {
    throw error instanceof LocalRepoError ? new CliError(error.message) : error;
  });
}

async function postCommand(options: PlanOptions, io: PlanCommandIo): Promise<CommandOutput> {
  const ref = parseGitHubIssueRef(options.github as string);
  const env = appEnv(io.env);
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

function dryRun(input: PlanInput, model: string, env: NodeJS.ProcessEnv, json: boolean): CommandOutput {
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

function appEnv(env: NodeJS.ProcessEnv): AppEnv {
  try {
    return readEnv(env);
  } catch (error) {
    throw error instanceof EnvError ? new CliError(error.message) : error;
  }
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
