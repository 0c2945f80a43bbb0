// The end of a job that failed: a notice on the issue saying what went wrong and how to retry (updated in place),
// a 😕 reaction, and an error log line carrying the delivery id.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { CONFIG_PATH } from "../config/repo-config.js";
import { UserFacingError } from "../errors.js";
import { addReaction, type ReactionTarget } from "../github/add-reaction.js";
import { type AppComments, findAppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import type { OwnAuthor } from "../github/own-author.js";
import { upsertComment } from "../github/upsert-comment.js";
import type { IssueRecords } from "./issue-records.js";
import { issueKey, type PlanRequest } from "./plan-request.js";
import { GENERIC_FAILURE, renderFailureComment } from "./render-failure-comment.js";

export function configProblemsMessage(problems: string[], configPath = CONFIG_PATH): string {
  return [
    `This repository's \`${configPath}\` has ${problems.length === 1 ? "a problem" : "problems"}, so no plan was written:`,
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
}

/** Posts the failure notice; returns the reason it gives. */
export async function reportFailure(error: unknown, scope: FailureScope): Promise<string> {
  const { octokit, issue, target, request, log } = scope;
  const reason = error instanceof UserFacingError ? error.userMessage : GENERIC_FAILURE;
  log.error({ err: error, reason }, "plan failed");
  const body = renderFailureComment({
    reason,
    planLabel: request.config.labels.trigger,
    deliveryId: request.deliveryId,
  });
  const existing = scope.existing ?? (await findAppComments(octokit, issue, scope.ownAuthor));
  await scope.records.markAppComments(issueKey(request));
  await upsertComment(octokit, issue, existing.failure, body);
  await addReaction(octokit, issue, target, "confused");
  return reason;
}
