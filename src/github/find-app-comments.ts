// Finds the app's plan and failure comments on an issue in one listing.
import type { ProbotOctokit } from "probot";
import { FAILURE_MARKER, HELP_MARKER, PLAN_MARKER } from "../plan/comment-markers.js";
import type { IssueRef } from "./issue-ref.js";
import { botAuthor, type OwnAuthor } from "./own-author.js";

export interface AppComment {
  id: number;
  body: string;
}

export interface AppComments {
  plan?: AppComment;
  failure?: AppComment;
  help?: AppComment;
}

export async function findAppComments(
  octokit: ProbotOctokit,
  issue: IssueRef,
  own: OwnAuthor = botAuthor,
): Promise<AppComments> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    per_page: 100,
  });
  const found: AppComments = {};
  for (const comment of comments) {
    if (!own(comment.user) || !comment.body) continue;
    const entry = { id: comment.id, body: comment.body };
    // The first plan comment wins, should an older version of the app have left several.
    if (!found.plan && comment.body.startsWith(PLAN_MARKER)) found.plan = entry;
    if (!found.failure && comment.body.startsWith(FAILURE_MARKER)) found.failure = entry;
    if (!found.help && comment.body.startsWith(HELP_MARKER)) found.help = entry;
  }
  return found;
}
