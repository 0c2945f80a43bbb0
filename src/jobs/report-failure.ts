// The end of a job that failed: a notice on the issue saying what went wrong and how to retry (updated in place),
// a 😕 reaction, and an error log line carrying the delivery id.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { CONFIG_PATH } from "../config/repo-config.js";
import { UserFacingError } from "../errors.js";
import { addReaction, type ReactionTarget } from "../github/add-reaction.js";
import { describeRequestFailure, isRequestFailure } from "../github/describe-request-failure.js";
import { type AppComments, findAppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import type { OwnAuthor } from "../github/own-author.js";
import { upsertComment } from "../github/upsert-comment.js";
import { codeSpan } from "../markdown-literal.js";
import type { IssueRecords } from "./issue-records.js";
import { issueKey, type PlanRequest } from "./plan-request.js";
import { renderFailureComment, unexpectedFailure } from "./render-failure-comment.js";

export function configProblemsMessage(problems: string[], configPath = CONFIG_PATH): string {
  return [
    `This repository's ${codeSpan(configPath)} has ${problems.length === 1 ? "a problem" : "problems"}, so no plan was written:`,
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Fix the file on the default branch.",
  ].join("\n");
}

export interface FailureScope {
  octokit: ProbotOctokit;
  issue: IssueRef;
  target: ReactionTarget;
  request: PlanRequest;
  log: Logger;
  /** The app's comments, when the job had listed them before failing. */
  existing: AppComments | undefined;
  records: IssueRecords;
  ownAuthor?: OwnAuthor;
  /** What the job was doing when it failed, e.g. "reading the repository". */
  step?: string;
}

/** Posts the failure notice; returns the reason it gives. */
export async function reportFailure(error: unknown, scope: FailureScope): Promise<string> {
  const { octokit, issue, target, request, log } = scope;
  const reason =
    error instanceof UserFacingError
      ? error.userMessage
      : unexpectedFailure(scope.step, githubRequestOf(error));
  log.error({ err: error, reason }, "plan failed");
  const existing = scope.existing ?? (await findAppComments(octokit, issue, scope.ownAuthor));
  const body = renderFailureComment({
    reason,
    planLabel: request.config.labels.trigger,
    deliveryId: request.deliveryId,
    planExists: existing.plan !== undefined,
  });
  await scope.records.markAppComments(issueKey(request));
  await upsertComment(octokit, issue, existing.failure, body);
  await addReaction(octokit, issue, target, "confused");
  return reason;
}

/** The GitHub request that failed, when that is what the error is (directly or as its cause). */
function githubRequestOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    if (isRequestFailure(cause)) return describeRequestFailure(cause);
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
