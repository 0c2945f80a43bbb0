// Removes an outdated app comment (a failure notice after a later success); already gone is fine.

import type { ProbotOctokit } from "probot";
import { httpStatusOf } from "../errors.js";
import type { IssueRef } from "./issue-ref.js";

export async function deleteComment(
  octokit: ProbotOctokit,
  issue: IssueRef,
  commentId: number,
): Promise<void> {
  try {
    await octokit.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
}
