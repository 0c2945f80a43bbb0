// What every stage of one plan job shares: the request (with the configuration the job reads), the clients, the
// issue, the job's logger, the app's own identity, what it found and showed so far, and the step it is on.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { ReactionTarget } from "../github/add-reaction.js";
import type { AppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import { nobody, type OwnAuthor } from "../github/own-author.js";
import { unspacedReader } from "../github/unspaced-reader.js";
import type { PlanStageName } from "../observability/metrics.js";
import type { PlanProgress } from "./plan-progress.js";
import type { JobAttempt } from "./plan-queue.js";
import type { PlanRequest, Trigger } from "./plan-request.js";
import type { RunPlanDeps } from "./run-plan-deps.js";

export interface JobScope {
  request: PlanRequest;
  readonly deps: RunPlanDeps;
  readonly attempt: JobAttempt;
  readonly octokit: ProbotOctokit;
  /** The same client without the write spacing, for GraphQL queries that only read. */
  readonly reader: ProbotOctokit;
  readonly issue: IssueRef;
  /** Where reactions go: the `/plan` comment, or the issue (set again when the job settles on its trigger). */
  target: ReactionTarget;
  readonly log: Logger;
  readonly started: number;
  /** Whose comments are the app's own; nobody's until the app's login is known. */
  own: OwnAuthor;
  /** Named in the failure notice when something unexpected stops the job. */
  step: string;
  /** The app's comments on the issue, once listed. */
  existing?: AppComments;
  /** The status line shown while the plan is written, once started. */
  progress?: PlanProgress;
  /** The 👀 on its way: settles with the error that stopped it, if one did (it never rejects). */
  acknowledgement?: Promise<unknown>;
  /** GitHub requests this job made so far. */
  githubRequests: number;
}

export async function openJobScope(
  request: PlanRequest,
  deps: RunPlanDeps,
  attempt: JobAttempt,
): Promise<JobScope> {
  // The job's own time includes getting its installation token (a new worker's first job asks GitHub for one).
  const started = Date.now();
  const octokit = await deps.getOctokit(request.installationId);
  const reader = unspacedReader(octokit);
  const scope: JobScope = {
    request,
    deps,
    attempt,
    octokit,
    reader,
    issue: { owner: request.owner, repo: request.repo, issueNumber: request.issueNumber },
    target: reactionTarget(request.trigger),
    log: deps.log.child({
      repo: `${request.owner}/${request.repo}`,
      issue: request.issueNumber,
      deliveryId: request.deliveryId,
    }),
    started,
    own: deps.ownAuthor ?? nobody,
    step: "starting the job",
    githubRequests: 0,
  };
  const count = () => {
    scope.githubRequests += 1;
  };
  octokit.hook.before("request", count);
  reader.hook.before("request", count);
  return scope;
}

/** Where a trigger is acknowledged: on its `/plan` comment, or on the issue. */
export function reactionTarget(trigger: Trigger): ReactionTarget {
  return trigger.kind === "command" ? { kind: "comment", commentId: trigger.commentId } : { kind: "issue" };
}

/** Runs one step of a stage: named for a failure notice and, with a metric, timed for /metrics. */
export async function step<T>(
  scope: JobScope,
  name: string,
  work: () => Promise<T>,
  metric?: PlanStageName,
): Promise<T> {
  scope.step = name;
  return metric ? scope.deps.metrics.time(metric, work) : work();
}
