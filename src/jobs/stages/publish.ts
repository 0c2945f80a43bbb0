// Stage 4: the plan where the configuration says, the phase issues when asked for, the earlier failure notice
// gone, 🚀, and the labels; then the job's figures for /metrics and the log.
import type { ProbotOctokit } from "probot";
import { addReaction } from "../../github/add-reaction.js";
import { deleteComment } from "../../github/delete-comment.js";
import type { IssueRef } from "../../github/issue-ref.js";
import { removeLabel } from "../../github/remove-label.js";
import type { Draft } from "../../pipeline/draft-plan.js";
import { urlsIn } from "../../plan/allowed-urls.js";
import { composePlanComment } from "../../plan/compose-plan-comment.js";
import { parsePlanMarkdown } from "../../plan/parse-plan-markdown.js";
import { emptyTicks } from "../../plan/plan-ticks.js";
import { type JobScope, step } from "../job-scope.js";
import { type PhaseIssues, readPhaseIssues, writePhaseIssues } from "../plan-outputs.js";
import type { PlanRequest } from "../plan-request.js";
import { acknowledged } from "./acknowledge.js";
import type { RepositoryRead } from "./read-repository.js";

/** Thrown before the plan is written when the worker handed the job back at shutdown (another worker plans it). */
export class JobHandedBackError extends Error {
  override name = "JobHandedBackError";
}

export async function publish(scope: JobScope, read: RepositoryRead, drafted: Draft): Promise<void> {
  await step(scope, "acknowledging the request", () => acknowledged(scope));
  const phaseIssues = await step(scope, "posting the plan", () => post(scope, read, drafted), "post");
  report(scope, read, drafted, phaseIssues);
}

/** Writes everything; returns the phase issues for the log ("unavailable" on a server without sub-issues). */
async function post(scope: JobScope, read: RepositoryRead, drafted: Draft): Promise<unknown> {
  const { request, octokit, issue } = scope;
  const safety = {
    // Links from the issue are not allowed: an injected issue could make the app repost them under its name.
    allowedUrls: urlsIn(drafted.context.text),
    allowedPrefixes: [`https://github.com/${request.owner}/${request.repo}/`],
  };
  const phases =
    request.config.plan.output === "sub-issues"
      ? await readPhaseIssues(octokit, issue, scope.own)
      : undefined;
  const body = composePlanComment({
    ...drafted.written,
    ...safety,
    ticks: read.previous !== undefined ? parsePlanMarkdown(read.previous).ticks : emptyTicks(),
    // The previous plan stays readable below a comment; an issue body is kept short.
    ...(read.previous !== undefined && read.surface.kind === "comment" ? { previous: read.previous } : {}),
    defaultBranch: request.defaultBranch,
    commit: read.snapshot.commit,
    planLabel: request.config.labels.trigger,
    maxChars: read.surface.maxChars,
    ...(drafted.input.profile ? { profile: drafted.input.profile } : {}),
    ...noticeFor(read.notice, phases),
  });
  await scope.progress?.settle();
  if (scope.attempt.signal?.aborted) throw new JobHandedBackError("handed back");
  await read.surface.write(body);
  const phaseIssues = phases?.available
    ? await writePhaseIssues(octokit, issue, drafted.written.plan, safety, phases.current)
    : [];
  if (scope.existing?.failure) await deleteComment(octokit, issue, scope.existing.failure.id);
  await addReaction(octokit, issue, scope.target, "rocket");
  await updateLabels(octokit, issue, request);
  return phases ? (phases.available ? phaseIssues : "unavailable") : undefined;
}

function noticeFor(notice: string | undefined, phases: PhaseIssues | undefined): { notice?: string } {
  if (phases)
    return {
      notice: phases.available
        ? "Each phase is also tracked as a sub-issue of this issue, with its tasks."
        : phases.notice,
    };
  return notice ? { notice } : {};
}

/** Takes the trigger label off and puts the `planned` label on, as the configuration says. */
async function updateLabels(octokit: ProbotOctokit, issue: IssueRef, request: PlanRequest): Promise<void> {
  const { labels } = request.config;
  const hasTrigger = request.issue.labels.some((name) => name.toLowerCase() === labels.trigger.toLowerCase());
  if (labels.removeTrigger && (hasTrigger || request.trigger.kind === "label"))
    await removeLabel(octokit, issue, labels.trigger);
  // GitHub creates a label that does not exist yet when it is added to an issue.
  if (labels.planned)
    await octokit.rest.issues.addLabels({
      owner: issue.owner,
      repo: issue.repo,
      issue_number: issue.issueNumber,
      labels: [labels.planned],
    });
}

function report(scope: JobScope, read: RepositoryRead, drafted: Draft, subIssues: unknown): void {
  const { metrics } = scope.deps;
  const { written, context } = drafted;
  metrics.planSeconds.observe((Date.now() - scope.started) / 1000);
  metrics.githubRequests.observe(scope.githubRequests);
  metrics.jobs.inc({ outcome: "posted" });
  scope.log.info(
    {
      output: read.surface.where(),
      ...(subIssues !== undefined ? { subIssues } : {}),
      format: written.format,
      repairRounds: written.repairRounds,
      fixed: written.fixed.length,
      open: written.remaining.length,
      usage: written.usage,
      snapshot: read.snapshot.source,
      indexedOnThread: read.background?.served ?? false,
      contextTokens: context.tokens,
      contextFiles: context.files.length,
      githubRequests: scope.githubRequests,
      ms: Date.now() - scope.started,
    },
    "plan posted",
  );
}
