// What a finished job left on the issue, for the step's outputs and summary: the plan (or help) comment, found by
// its hidden marker with one listing as the app finds it, and the plan's Markdown. The job's outcome does not say
// where it wrote; with the `body` output target the plan is the issue body's section, read with one more request.
import type { ProbotOctokit } from "probot";
import { z } from "zod";
import { splitIssueBody } from "../github/issue-body-section.js";
import type { IssueRef } from "../github/issue-ref.js";
import { botAuthor } from "../github/own-author.js";
import { HELP_MARKER, PLAN_MARKER } from "../plan/comment-markers.js";
import { readPostedPlan } from "../plan/read-posted-plan.js";

export interface Published {
  /** The comment's address, or the issue's when the plan is in its body. */
  url: string;
  commentId?: number;
  /** The plan's own Markdown (without status line, checks or footer); absent for help. */
  plan?: string;
}

const commentSchema = z.looseObject({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  user: z.looseObject({ login: z.string(), type: z.string().nullish() }).nullish(),
});

export async function findPublished(
  octokit: ProbotOctokit,
  issue: IssueRef,
  kind: "posted" | "help",
  serverUrl: string,
): Promise<Published | undefined> {
  const issueUrl = `${serverUrl}/${issue.owner}/${issue.repo}/issues/${issue.issueNumber}`;
  const listed = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
    per_page: 100,
  });
  const marker = kind === "help" ? HELP_MARKER : PLAN_MARKER;
  // The first marked comment of a bot, as the app picks the comment it updates.
  const comment = z
    .array(commentSchema)
    .parse(listed)
    .find((entry) => botAuthor(entry.user) && entry.body?.startsWith(marker));
  if (comment) {
    const plan = kind === "posted" ? readPostedPlan(comment.body ?? "") : undefined;
    // GitHub's address of an issue comment; built from the runner's server URL so it holds on GHES too.
    const url = `${issueUrl}#issuecomment-${comment.id}`;
    return { url, commentId: comment.id, ...(plan ? { plan } : {}) };
  }
  return kind === "posted" ? planInBody(octokit, issue, issueUrl) : undefined;
}

async function planInBody(
  octokit: ProbotOctokit,
  issue: IssueRef,
  issueUrl: string,
): Promise<Published | undefined> {
  const { data } = await octokit.rest.issues.get({
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.issueNumber,
  });
  const section = splitIssueBody(data.body).section;
  const plan = section === undefined ? undefined : readPostedPlan(section);
  return plan ? { url: issueUrl, plan } : undefined;
}
