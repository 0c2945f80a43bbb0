// The plan job, stage by stage: acknowledge, read the repository, write a checked plan, post, clean up.
// Every failure ends in a notice on the issue and an error log line carrying the delivery id.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { buildContext } from "../context/build-context.js";
import { UserFacingError } from "../errors.js";
import { addReaction, type ReactionTarget } from "../github/add-reaction.js";
import { deleteComment } from "../github/delete-comment.js";
import { type AppComments, findAppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import { removeLabel } from "../github/remove-label.js";
import { upsertComment } from "../github/upsert-comment.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import { composePlanComment } from "../plan/compose-plan-comment.js";
import { urlsIn } from "../plan/neutralize-model-markdown.js";
import { parsePlanMarkdown } from "../plan/parse-plan-markdown.js";
import { emptyTicks } from "../plan/plan-ticks.js";
import { readPostedPlan } from "../plan/read-posted-plan.js";
import { openGitHubSnapshot } from "../repo/github-snapshot.js";
import { loadRepoFacts } from "../repo/load-repo-facts.js";
import { safeSnapshot } from "../repo/safe-snapshot.js";
import type { SnapshotCache } from "../repo/snapshot-cache.js";
import type { PlanRequest } from "./plan-request.js";
import { GENERIC_FAILURE, renderFailureComment } from "./render-failure-comment.js";
import { writePlan } from "./write-plan.js";

export interface RunPlanDeps {
  getOctokit: (installationId: number) => Promise<ProbotOctokit>;
  /** null when the operator configured no provider: every job then says so on the issue. */
  llm: LlmClient | null;
  log: Logger;
  settings: { planLabel: string; removeLabelAfterPlan: boolean; repairRounds: number };
  snapshots: {
    cache: SnapshotCache;
    limits: { maxTotalBytes: number; maxFiles: number; maxFileBytes: number };
    exclude: string[];
  };
  contextBudget: number;
}

// Through the trees API every manifest read is a request: past this many, scripts and dependencies stay unknown.
const MAX_MANIFEST_REQUESTS = 10;

export const NO_LLM_CONFIGURED =
  "The app has no language model configured: its operator needs to set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key).";

export async function runPlan(request: PlanRequest, deps: RunPlanDeps): Promise<void> {
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
  const octokit = await deps.getOctokit(request.installationId);
  let existing: AppComments | undefined;

  try {
    log.info({ trigger: request.trigger.kind, actor: request.trigger.actor }, "planning issue");
    await addReaction(octokit, issue, target, "eyes");
    if (!deps.llm) throw new UserFacingError(NO_LLM_CONFIGURED);

    const repo = { owner: request.owner, repo: request.repo };
    const snapshot = await openGitHubSnapshot(octokit, repo, request.defaultBranch, {
      ...deps.snapshots,
      log,
    });
    const files = safeSnapshot(snapshot, {
      maxFileBytes: deps.snapshots.limits.maxFileBytes,
      exclude: deps.snapshots.exclude,
    });
    existing = await findAppComments(octokit, issue);
    const previous = existing.plan ? readPostedPlan(existing.plan.body) : undefined;
    const instructions = request.trigger.kind === "command" ? request.trigger.instructions : "";
    const context = await buildContext(
      files,
      { ...request.issue, instructions },
      {
        budget: deps.contextBudget,
        model: deps.llm.model,
        repository: `${request.owner}/${request.repo} at commit ${snapshot.commit.slice(0, 7)} of the default branch \`${request.defaultBranch}\``,
        indexContents: snapshot.source !== "trees",
      },
    );
    const facts = await loadRepoFacts(files, snapshot.source === "trees" ? MAX_MANIFEST_REQUESTS : undefined);
    if (files.redactions.size > 0)
      log.warn({ paths: [...files.redactions.keys()] }, "credential-like text redacted from the context");
    const codebaseContext = context.text;

    const written = await writePlan({
      llm: deps.llm,
      input: { issue: { number: request.issueNumber, ...request.issue }, instructions, codebaseContext },
      facts,
      repairRounds: deps.settings.repairRounds,
      log,
    });
    const body = composePlanComment({
      ...written,
      ...(previous !== undefined
        ? { previous, ticks: parsePlanMarkdown(previous).ticks }
        : { ticks: emptyTicks() }),
      allowedUrls: urlsIn(`${request.issue.body ?? ""}\n${instructions}\n${codebaseContext}`),
      defaultBranch: request.defaultBranch,
      commit: snapshot.commit,
      planLabel: deps.settings.planLabel,
    });
    const posted = await upsertComment(octokit, issue, existing.plan, body);
    if (existing.failure) await deleteComment(octokit, issue, existing.failure.id);
    await addReaction(octokit, issue, target, "rocket");
    const hasLabel = request.issue.labels.some(
      (name) => name.toLowerCase() === deps.settings.planLabel.toLowerCase(),
    );
    if (deps.settings.removeLabelAfterPlan && (hasLabel || request.trigger.kind === "label")) {
      await removeLabel(octokit, issue, deps.settings.planLabel);
    }
    log.info(
      {
        commentId: posted.id,
        created: posted.created,
        format: written.format,
        repairRounds: written.repairRounds,
        fixed: written.fixed.length,
        open: written.remaining.length,
        usage: written.usage,
        snapshot: snapshot.source,
        contextTokens: context.tokens,
        contextFiles: context.files.length,
        ms: Date.now() - started,
      },
      "plan posted",
    );
  } catch (error) {
    await reportFailure(error, { octokit, issue, target, request, deps, log, existing });
  }
}

interface FailureScope {
  octokit: ProbotOctokit;
  issue: IssueRef;
  target: ReactionTarget;
  request: PlanRequest;
  deps: RunPlanDeps;
  log: Logger;
  /** The app's comments, when the job had listed them before failing. */
  existing: AppComments | undefined;
}

async function reportFailure(error: unknown, scope: FailureScope): Promise<void> {
  const { octokit, issue, target, request, deps, log } = scope;
  const reason = error instanceof UserFacingError ? error.userMessage : GENERIC_FAILURE;
  log.error({ err: error, reason }, "plan failed");
  const body = renderFailureComment({
    reason,
    planLabel: deps.settings.planLabel,
    deliveryId: request.deliveryId,
  });
  const existing = scope.existing ?? (await findAppComments(octokit, issue));
  await upsertComment(octokit, issue, existing.failure, body);
  await addReaction(octokit, issue, target, "confused");
}
