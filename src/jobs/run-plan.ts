// The plan job, stage by stage: acknowledge, read the repository, write a checked plan, post, clean up.
// Every failure ends in a notice on the issue and an error log line carrying the delivery id.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { CONFIG_PATH } from "../config/repo-config.js";
import { buildContext } from "../context/build-context.js";
import { UserFacingError } from "../errors.js";
import { addReaction, type ReactionTarget } from "../github/add-reaction.js";
import { deleteComment } from "../github/delete-comment.js";
import { type AppComments, findAppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import { botAuthor, namedBotAuthor, nobody, type OwnAuthor } from "../github/own-author.js";
import { removeLabel } from "../github/remove-label.js";
import { upsertComment } from "../github/upsert-comment.js";
import type { LlmLimiter } from "../limits/llm-limiter.js";
import { type PlanQuota, quotaMessage } from "../limits/plan-quota.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import type { Metrics } from "../observability/metrics.js";
import { urlsIn } from "../plan/allowed-urls.js";
import { composePlanComment } from "../plan/compose-plan-comment.js";
import { parsePlanMarkdown } from "../plan/parse-plan-markdown.js";
import { emptyTicks } from "../plan/plan-ticks.js";
import { readPostedPlan } from "../plan/read-posted-plan.js";
import { openGitHubSnapshot } from "../repo/github-snapshot.js";
import { loadRepoFacts } from "../repo/load-repo-facts.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import type { SnapshotCache } from "../repo/snapshot-cache.js";
import { classifyFailure } from "./classify-failure.js";
import { type IssueRecords, mayHaveAppComments } from "./issue-records.js";
import { openPlanSurface, readPhaseIssues, writePhaseIssues } from "./plan-outputs.js";
import { PlanProgress, type ProgressTiming } from "./plan-progress.js";
import { type JobAttempt, RetryLaterError } from "./plan-queue.js";
import { issueKey, type PlanRequest } from "./plan-request.js";
import { renderHelpComment } from "./render-help-comment.js";
import { configProblemsMessage, reportFailure } from "./report-failure.js";
import { type ReadConfig, rereadConfig } from "./reread-config.js";
import { writePlan } from "./write-plan.js";

export interface RunPlanDeps {
  getOctokit: (installationId: number) => Promise<ProbotOctokit>;
  /** null when the operator configured no provider: every job then says so on the issue. */
  llm: LlmClient | null;
  log: Logger;
  repairRounds: number;
  snapshots: {
    cache: SnapshotCache;
    limits: { maxTotalBytes: number; maxFiles: number; maxFileBytes: number };
    exclude: string[];
  };
  contextBudget: { default: number; max: number };
  quota: PlanQuota;
  records: IssueRecords;
  llmLimiter: LlmLimiter;
  metrics: Metrics;
  /** A stage that ends sooner than this after the last status update gets no update of its own. */
  progress?: ProgressTiming;
  limits: { plansPerHour: number; plansPerDay: number; maxTokensPerPlan: number };
  /** The repository settings file named in help and problem notices. */
  configPath?: string;
  /** Whose comments are the app's own (a bot's unless the CLI posts with a personal token). */
  ownAuthor?: OwnAuthor;
  /** Reads the repository's configuration, for a trigger that could not (see `configUnread`). */
  readConfig?: ReadConfig;
  /** The app's bot login, read when a job first needs it; used when `ownAuthor` is not given. */
  ownLogin?: () => Promise<string>;
}

// Through the trees API every manifest read is a request: past this many, scripts and dependencies stay unknown.
const MAX_MANIFEST_REQUESTS = 10;

export const NO_LLM_CONFIGURED =
  "The app has no language model configured: its operator needs to set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key).";

/** How a job ended (a retry is a `RetryLaterError` instead). `failed` carries the reason shown on the issue. */
export type JobOutcome =
  | { kind: "posted" }
  | { kind: "help" }
  | { kind: "failed"; reason: string }
  | { kind: "handed-back" };

const FIRST_ATTEMPT: JobAttempt = { number: 1, final: true, rerun: false };

/**
 * Plans one issue. A failure that may pass (GitHub 5xx or rate limits, the provider's 429/5xx, timeouts) throws
 * `RetryLaterError` unless this is the job's last attempt; every other failure ends in a notice on the issue.
 */
export async function runPlan(
  received: PlanRequest,
  deps: RunPlanDeps,
  attempt: JobAttempt = FIRST_ATTEMPT,
): Promise<JobOutcome> {
  // Replaced once, by the configuration read again when the trigger could not read it.
  let request = received;
  const issue: IssueRef = { owner: request.owner, repo: request.repo, issueNumber: request.issueNumber };
  const log = deps.log.child({
    repo: `${request.owner}/${request.repo}`,
    issue: request.issueNumber,
    deliveryId: request.deliveryId,
  });
  const target: ReactionTarget =
    request.trigger.kind === "command"
      ? { kind: "comment", commentId: request.trigger.commentId }
      : { kind: "issue" };
  const started = Date.now();
  const { metrics } = deps;
  const octokit = await deps.getOctokit(request.installationId);
  let githubRequests = 0;
  octokit.hook.before("request", () => {
    githubRequests += 1;
  });
  let existing: AppComments | undefined;
  let progress: PlanProgress | undefined;
  // Until the app's own login is known, no comment counts as its own (a failure notice is then a new comment).
  let own: OwnAuthor = deps.ownAuthor ?? nobody;
  // Named in the failure notice when something unexpected stops the job.
  let step = "reading the app's own account on GitHub";

  try {
    if (!deps.ownAuthor && deps.ownLogin) own = namedBotAuthor(await deps.ownLogin());
    else if (!deps.ownAuthor) own = botAuthor;
    step = "reading the repository's settings";
    if (deps.readConfig)
      request = await rereadConfig(request, octokit, deps.readConfig, {
        configPath: deps.configPath ?? CONFIG_PATH,
        final: attempt.final,
      });
    log.info({ trigger: request.trigger.kind, actor: request.trigger.actor }, "planning issue");
    const { config } = request;
    if (request.trigger.kind === "command" && request.trigger.action === "help") {
      const model = config.model ?? deps.llm?.model ?? "(none configured)";
      const budget = Math.min(config.context.budget ?? deps.contextBudget.default, deps.contextBudget.max);
      existing = await findAppComments(octokit, issue, own);
      await upsertComment(
        octokit,
        issue,
        existing.help,
        renderHelpComment(config, model, budget, request.trigger.unknown, deps.configPath),
      );
      log.info("help posted");
      metrics.jobs.inc({ outcome: "help" });
      return { kind: "help" };
    }
    await addReaction(octokit, issue, target, "eyes");
    if (request.configProblems.length > 0)
      throw new UserFacingError(configProblemsMessage(request.configProblems, deps.configPath));
    if (!deps.llm) throw new UserFacingError(NO_LLM_CONFIGURED);
    const limits = effectiveLimits(deps.limits, config.limits);
    // A retried or taken-over job was counted when it first started.
    if (attempt.number === 1 && !attempt.rerun) {
      const quota = await deps.quota.take(request.installationId, {
        perHour: limits.plansPerHour,
        perDay: limits.plansPerDay,
      });
      if (!quota.ok) throw new UserFacingError(quotaMessage(quota));
    }
    // A repository may choose its model where the operator allows it (the policy was checked with the config).
    let llmSeconds = 0;
    const llm = {
      ...deps.llm,
      ...(config.model ? { model: config.model } : {}),
      gate: async <T>(call: () => Promise<T>) => {
        const start = performance.now();
        try {
          return await deps.llmLimiter.run(request.installationId, call);
        } finally {
          llmSeconds += (performance.now() - start) / 1000;
        }
      },
    };

    step = "reading the issue's comments";
    // A first plan on an issue without comments has nothing to find: the listing request is skipped.
    const key = issueKey(request);
    const ownTriggerComments = request.trigger.kind === "command" ? 1 : 0;
    existing = (await mayHaveAppComments(
      deps.records,
      key,
      request.issue.comments,
      ownTriggerComments,
      attempt.rerun,
    ))
      ? await findAppComments(octokit, issue, own)
      : {};
    const { surface, notice } = await openPlanSurface(octokit, issue, config.plan.output, existing, log);
    if (surface.kind === "comment") await deps.records.markAppComments(key);
    progress = new PlanProgress(surface, deps.progress);
    await progress.start("Reading the repository...");

    step = "reading the repository";
    const repo = { owner: request.owner, repo: request.repo };
    const snapshot = await metrics.time("snapshot", () =>
      openGitHubSnapshot(octokit, repo, request.defaultBranch, {
        ...deps.snapshots,
        log,
        ...(request.commit ? { knownCommit: request.commit } : {}),
      }),
    );
    step = "choosing the files the plan needs";
    const endContext = metrics.stageSeconds.startTimer({ stage: "context" });
    const files = safeSnapshot(snapshot, {
      maxFileBytes: deps.snapshots.limits.maxFileBytes,
      exclude: [...deps.snapshots.exclude, ...config.context.exclude],
    });
    const previous = surface.previous ? readPostedPlan(surface.previous) : undefined;
    const instructions = request.trigger.kind === "command" ? request.trigger.instructions : "";
    // `refine` changes the current plan; without one it is a plan with the feedback as guidance.
    const refine =
      request.trigger.kind === "command" && request.trigger.action === "refine" && previous
        ? { currentPlan: previous, feedback: instructions }
        : undefined;
    const context = await buildContext(
      files,
      { ...request.issue, instructions },
      {
        // The context leaves room in the plan's token limit for the instructions, the answer and a repair round.
        budget: Math.min(
          config.context.budget ?? deps.contextBudget.default,
          deps.contextBudget.max,
          Math.floor(limits.maxTokensPerPlan / 3),
        ),
        model: llm.model,
        include: config.context.include,
        repository: `${request.owner}/${request.repo} at commit ${snapshot.commit.slice(0, 7)} of the default branch \`${request.defaultBranch}\``,
        indexContents: snapshot.source !== "trees",
      },
    );
    const facts = await loadRepoFacts(files, snapshot.source === "trees" ? MAX_MANIFEST_REQUESTS : undefined);
    if (files.redactions.size > 0)
      log.warn({ paths: [...files.redactions.keys()] }, "credential-like text redacted from the context");
    const codebaseContext = context.text;
    endContext();
    await progress.stage("Writing the plan...");

    step = "writing the plan with the language model";
    const writeStart = performance.now();
    const written = await writePlan({
      llm,
      input: {
        issue: { number: request.issueNumber, ...request.issue },
        instructions,
        codebaseContext,
        language: config.plan.language,
        teamInstructions: config.plan.instructions,
        ...(refine ? { refine, instructions: "" } : {}),
      },
      facts,
      repairRounds: deps.repairRounds,
      maxTokens: limits.maxTokensPerPlan,
      onRepair: () => progress?.stage("Checking the plan...") ?? Promise.resolve(),
      log,
    });
    metrics.stageSeconds.observe({ stage: "llm" }, llmSeconds);
    metrics.stageSeconds.observe(
      { stage: "validation" },
      Math.max(0, (performance.now() - writeStart) / 1000 - llmSeconds),
    );
    metrics.llmTokens.inc({ direction: "in" }, written.usage.inputTokens);
    metrics.llmTokens.inc({ direction: "out" }, written.usage.outputTokens);
    metrics.repairRounds.observe(written.repairRounds);
    step = "posting the plan";
    const endPost = metrics.stageSeconds.startTimer({ stage: "post" });
    const safety = {
      // Links from the issue are not allowed: an injected issue could make the app repost them under its name.
      allowedUrls: urlsIn(codebaseContext),
      allowedPrefixes: [`https://github.com/${request.owner}/${request.repo}/`],
    };
    const phases =
      config.plan.output === "sub-issues" ? await readPhaseIssues(octokit, issue, own) : undefined;
    const body = composePlanComment({
      ...written,
      ...safety,
      ticks: previous !== undefined ? parsePlanMarkdown(previous).ticks : emptyTicks(),
      // The previous plan stays readable below a comment; an issue body is kept short.
      ...(previous !== undefined && surface.kind === "comment" ? { previous } : {}),
      defaultBranch: request.defaultBranch,
      commit: snapshot.commit,
      planLabel: config.labels.trigger,
      maxChars: surface.maxChars,
      ...(notice ? { notice } : {}),
      ...(phases
        ? {
            notice: phases.available
              ? "Each phase is also tracked as a sub-issue of this issue, with its tasks."
              : phases.notice,
          }
        : {}),
    });
    await progress.settle();
    handedBack(attempt);
    await surface.write(body);
    const phaseIssues = phases?.available
      ? await writePhaseIssues(octokit, issue, written.plan, safety, phases.current)
      : [];
    if (existing.failure) await deleteComment(octokit, issue, existing.failure.id);
    await addReaction(octokit, issue, target, "rocket");
    await updateLabels(octokit, issue, request);
    endPost();
    metrics.planSeconds.observe((Date.now() - started) / 1000);
    metrics.githubRequests.observe(githubRequests);
    metrics.jobs.inc({ outcome: "posted" });
    log.info(
      {
        output: surface.where(),
        ...(phases ? { subIssues: phases.available ? phaseIssues : "unavailable" } : {}),
        format: written.format,
        repairRounds: written.repairRounds,
        fixed: written.fixed.length,
        open: written.remaining.length,
        usage: written.usage,
        snapshot: snapshot.source,
        contextTokens: context.tokens,
        contextFiles: context.files.length,
        githubRequests,
        ms: Date.now() - started,
      },
      "plan posted",
    );
    return { kind: "posted" };
  } catch (error) {
    if (error instanceof JobHandedBackError) {
      log.info("job handed back to the queue at shutdown: another worker plans this issue");
      return { kind: "handed-back" };
    }
    await progress
      ?.abandon()
      .catch((cleanup: unknown) => log.error({ err: cleanup }, "could not clear the progress line"));
    const kind = classifyFailure(error);
    if (kind.transient && !attempt.final) {
      log.warn(
        { err: error, cause: kind.cause, retryAfterMs: kind.retryAfterMs },
        "plan attempt failed; retrying",
      );
      metrics.jobs.inc({ outcome: "retried" });
      throw new RetryLaterError(kind.retryAfterMs, kind.cause, { cause: error });
    }
    metrics.jobs.inc({ outcome: "failed" });
    const reason = await reportFailure(error, {
      octokit,
      issue,
      target,
      request,
      log,
      existing,
      records: deps.records,
      ownAuthor: own,
      step,
    });
    return { kind: "failed", reason };
  }
}

class JobHandedBackError extends Error {
  override name = "JobHandedBackError";
}

/** Stops a job that its worker handed back at shutdown before it writes the plan (another worker will). */
function handedBack(attempt: JobAttempt): void {
  if (attempt.signal?.aborted) throw new JobHandedBackError("handed back");
}

/** Takes the trigger label off and puts the `planned` label on, as the configuration says. */
async function updateLabels(octokit: ProbotOctokit, issue: IssueRef, request: PlanRequest): Promise<void> {
  const { labels } = request.config;
  const hasTrigger = request.issue.labels.some((name) => name.toLowerCase() === labels.trigger.toLowerCase());
  if (labels.removeTrigger && (hasTrigger || request.trigger.kind === "label"))
    await removeLabel(octokit, issue, labels.trigger);
  // GitHub creates a label that does not exist yet when it is added to an issue.
  if (labels.planned) {
    await octokit.rest.issues.addLabels({
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
      labels: [labels.planned],
    });
  }
}

/** A repository may lower the operator's limits, never raise them. */
function effectiveLimits(
  server: RunPlanDeps["limits"],
  repo: PlanRequest["config"]["limits"],
): RunPlanDeps["limits"] {
  return {
    plansPerHour: Math.min(server.plansPerHour, repo.plansPerHour ?? Number.POSITIVE_INFINITY),
    plansPerDay: Math.min(server.plansPerDay, repo.plansPerDay ?? Number.POSITIVE_INFINITY),
    maxTokensPerPlan: Math.min(server.maxTokensPerPlan, repo.maxTokensPerPlan ?? Number.POSITIVE_INFINITY),
  };
}
