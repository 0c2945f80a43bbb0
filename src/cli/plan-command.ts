// `issue-planner plan`: the app's plan for an issue, printed instead of posted: from a local repository
// (--repo) or a GitHub issue (--github owner/repo#N, read with GITHUB_TOKEN); with --post, the app's job run on
// that issue. With --dry-run, the exact messages the model would get and their token counts, and no model call.
import { pino } from "pino";
import type { ProbotOctokit } from "probot";
import { z } from "zod";
import type { AppEnv } from "../config/env.js";
import { serverPolicy } from "../config/validate-repo-config.js";
import { openIndexed } from "../context/commit-index.js";
import { UserFacingError } from "../errors.js";
import { createLlmClient, type LlmClient } from "../llm/create-llm-client.js";
import { ProviderError } from "../llm/provider-error.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { type DraftSource, prepareDraft, writeDraft } from "../pipeline/draft-plan.js";
import { type PlanSettings, planSettings, type SettingsOverrides } from "../pipeline/plan-settings.js";
import { renderPlanMarkdown } from "../plan/render-plan-markdown.js";
import { openGitHubSnapshot } from "../repo/github-snapshot.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import { createSnapshotCache } from "../repo/snapshot-cache.js";
import { cliEnv } from "./cli-env.js";
import { CliError, clause, EXIT } from "./cli-error.js";
import type { CommandOutput } from "./cli-io.js";
import { parseOptions, repoFix, textOption } from "./cli-options.js";
import { contextOptionsSchema } from "./context-command.js";
import { dryRunOutput, dryRunPrompts } from "./dry-run.js";
import { gitHubAccess, parseGitHubIssueRef } from "./github-access.js";
import { readGitHubIssue } from "./github-issue.js";
import { modelFailure } from "./model-failure.js";
import { openLocalRepo } from "./open-local-repo.js";
import { postPlan } from "./post-plan.js";
import { readIssueInput } from "./read-issue-input.js";

const planOptionsSchema = contextOptionsSchema.extend({
  // Unset: the current directory, or with --github the repository on GitHub.
  repo: textOption("--repo", repoFix).optional(),
  github: textOption("--github", "Give the issue as owner/repo#number or as its address.").optional(),
  post: z.boolean().default(false),
  // Unset: the repository's settings (with --github), then the app's defaults.
  language: z
    .string()
    .min(2, {
      error: (issue) =>
        `--language ${String(issue.input)}: too short. Give a language's name, e.g. --language German.`,
    })
    .optional(),
  instructions: z.string().optional(),
  dryRun: z.boolean().default(false),
});

type PlanOptions = z.infer<typeof planOptionsSchema>;

export interface PlanCommandIo {
  /** Progress lines, for a person watching (stderr). */
  progress: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** GitHub's client class, when not Probot's own (tests turn off its retries and write spacing). */
  Octokit?: typeof ProbotOctokit;
}

/** What to plan from (the issue and the repository's files) and the settings that apply. */
interface PlanSource {
  draft: DraftSource;
  settings: PlanSettings;
}

export async function planCommand(rawOptions: unknown, io: PlanCommandIo): Promise<CommandOutput> {
  const parsed = parseOptions(planOptionsSchema, rawOptions);
  checkCombination(parsed);
  // Without --github, the repository is the current directory unless --repo names another, as git does.
  const options = parsed.github || parsed.repo ? parsed : { ...parsed, repo: "." };
  if (options.post) return postCommand(options, io);

  const env = cliEnv(io.env);
  // Everything that can be wrong with the command is said before any work: the model's settings (unless this
  // is a dry run) and a local issue file come before reading the repository.
  const llm = options.dryRun ? undefined : languageModel(env);
  const localIssue = options.github ? undefined : await readIssueInput(options);
  io.progress("Reading the repository...");
  const source = localIssue
    ? await localSource(options, env, localIssue)
    : await gitHubSource(options, env, io);
  const prepared = await prepareDraft(source.draft, source.settings);
  if (!llm)
    return dryRunOutput(
      dryRunPrompts(prepared.input, source.settings.model, env.LLM_OUTPUT_MODE),
      source.settings.model,
      options.json,
    );

  io.progress("Writing the plan...");
  const { written } = await writeDraft(prepared, source.settings, {
    llm,
    log: pino({ level: "silent" }),
    onRepair: async () => io.progress("Checking the plan..."),
  }).catch((error: unknown) => {
    throw writeFailure(error, llm, env);
  });
  const exitCode = written.remaining.length > 0 ? EXIT.findings : EXIT.ok;
  for (const { finding, action } of written.fixed) io.progress(`fixed: ${finding.message} Then ${action}.`);
  for (const finding of written.remaining) io.progress(`open: ${finding.message}`);
  if (!options.json) return { stdout: renderPlanMarkdown(written.plan), exitCode };
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

/** The model's failures and unreadable replies carry a reason a person can act on: the plan was not written. */
function writeFailure(error: unknown, llm: LlmClient, env: AppEnv): unknown {
  if (error instanceof ProviderError) return modelFailure(error, llm, env);
  if (error instanceof UserFacingError)
    return new CliError(`could not write the plan: ${clause(error.userMessage)}.`, EXIT.failed, {
      cause: error,
    });
  return error;
}

function checkCombination(options: PlanOptions): void {
  const fromFile =
    options.issueFile !== undefined || options.title !== undefined || options.body !== undefined;
  if (options.github && fromFile)
    throw new CliError(
      "--github with --issue-file, --title or --body: --github reads the issue from GitHub. Drop --issue-file, --title and --body.",
    );
  if (options.post && !options.github)
    throw new CliError(
      "--post without --github: --post needs the issue to post the plan on. Add --github owner/repo#N.",
    );
  if (options.post && options.dryRun)
    throw new CliError(
      "--post with --dry-run: a dry run calls no model and posts nothing. Drop one of them.",
    );
  if (options.post && (options.repo || options.ref))
    throw new CliError(
      "--post with --repo or --ref: --post plans from the repository on GitHub, as the app does. Drop --repo and --ref (without --post, --repo plans from a local checkout).",
    );
  if (options.post && (options.language || options.instructions || options.budget || options.model))
    throw new CliError(
      "--post with --language, --instructions, --budget or --model: --post follows the repository's settings and the app's environment, as the app does. Drop them, or set them in the repository's settings.",
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

async function localSource(
  options: PlanOptions,
  env: AppEnv,
  issue: Awaited<ReturnType<typeof readIssueInput>>,
): Promise<PlanSource> {
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
  const { octokit } = await gitHubAccess(io.env, io.Octokit);
  const read = await readGitHubIssue(octokit, ref, serverPolicy(env));
  if (!read.setup.ok) throw settingsProblem(`${ref.owner}/${ref.repo}`, read.setup.problems);
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
  // As the app does: the term index built on a worker thread as the tarball streams (INDEX_THREAD).
  const { opened: snapshot, files } = await openIndexed(
    env.INDEX_THREAD,
    (sink) =>
      openGitHubSnapshot(octokit, { owner: ref.owner, repo: ref.repo }, branch, {
        cache: createSnapshotCache(env),
        limits: {
          maxTotalBytes: env.SNAPSHOT_MAX_BYTES,
          maxFiles: env.SNAPSHOT_MAX_FILES,
          maxFileBytes: env.MAX_FILE_BYTES,
        },
        log: pino({ level: "silent" }),
        ...(options.ref === undefined && read.setup.commit ? { knownCommit: read.setup.commit } : {}),
        ...(sink ? { sink } : {}),
      }),
    (opened) => safeSnapshot(opened, { maxFileBytes: settings.maxFileBytes, exclude: settings.exclude }),
  );
  return {
    draft: {
      files,
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
  return openLocalRepo(options.repo ?? ".", options.ref);
}

/** The settings file's problems, one line each, as the app lists them on the issue (each names the file or key). */
function settingsProblem(repository: string, problems: string[]): CliError {
  const lines = problems.map(
    (problem) =>
      `${repository}'s settings: ${problem.trim().replace(/\.$/, "")}. Fix them on the default branch.`,
  );
  return new CliError(lines.join("\n"));
}

async function postCommand(options: PlanOptions, io: PlanCommandIo): Promise<CommandOutput> {
  const ref = parseGitHubIssueRef(options.github as string);
  const env = cliEnv(io.env);
  const llm = languageModel(env);
  const { octokit } = await gitHubAccess(io.env, io.Octokit);
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
      stderr: `issue-planner: could not plan ${posted.issue}: ${clause(outcome.reason)}. The issue has a notice saying so; LOG_LEVEL=error prints the details.\n`,
      exitCode: EXIT.failed,
    };
  return { stdout: `Plan posted on ${posted.issue}.\n`, exitCode: EXIT.ok };
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
      "no language model configured: OPENAI_API_KEY and OPENAI_BASE_URL are unset. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key), or add --dry-run to print the messages without a model.",
    );
  return llm;
}
