// Writes a comment in place when the app already has one for this purpose, creates it otherwise.
import type { ProbotOctokit } from "probot";
import type { AppComment } from "./find-app-comments.js";
import type { IssueRef } from "./issue-ref.js";

export async function upsertComment(
  octokit: ProbotOctokit,
  issue: IssueRef,
  existing: AppComment | undefined,
  body: string,
): Promise<{ id: number; created: boolean }> {
  const repo = { owner: issue.owner, repo: issue.repo };
  if (existing) {
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return { id: existing.id, created: false };
  }
  const { data } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: issue.issueNumber,
    body,
  });
  return { id: data.id, created: true };
}
