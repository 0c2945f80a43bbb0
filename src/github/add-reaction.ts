// Reacts to the issue or to the triggering comment: the user's first sign that the app heard them.
import type { ProbotOctokit } from "probot";
import type { IssueRef } from "./issue-ref.js";

export type ReactionContent = "eyes" | "rocket" | "confused";

/** The issue itself for label triggers, the `/plan` comment for commands. */
export type ReactionTarget = { kind: "issue" } | { kind: "comment"; commentId: number };

export async function addReaction(
  octokit: ProbotOctokit,
  issue: IssueRef,
  target: ReactionTarget,
  content: ReactionContent,
): Promise<void> {
  const repo = { owner: issue.owner, repo: issue.repo };
  if (target.kind === "comment") {
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: target.commentId, content });
  } else {
    await octokit.rest.reactions.createForIssue({ ...repo, issue_number: issue.issueNumber, content });
  }
}
