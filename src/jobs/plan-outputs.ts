// Where a plan job writes: the plan's surface (its comment, or the issue body's section, falling back to a comment
// when the body has no room) and, for the `sub-issues` target, the phase issues.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { AppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import type { OwnAuthor } from "../github/own-author.js";
import { BodySurface, CommentSurface, type PlanSurface } from "../github/plan-surfaces.js";
import { findPhaseIssues, type SubIssueResult, syncSubIssues } from "../github/sync-sub-issues.js";
import type { NeutralizeOptions } from "../plan/neutralize-model-markdown.js";
import type { Plan } from "../plan/plan-model.js";
import { renderPhaseIssues } from "../plan/render-phase-issues.js";
import type { PlanRequest } from "./plan-request.js";

// Below this many characters left in the issue body, the plan goes into a comment instead.
const MIN_BODY_ROOM = 8_000;

export async function openPlanSurface(
  octokit: ProbotOctokit,
  issue: IssueRef,
  output: PlanRequest["config"]["plan"]["output"],
  existing: AppComments,
  log: Logger,
): Promise<{ surface: PlanSurface; notice?: string }> {
  if (output !== "body") return { surface: new CommentSurface(octokit, issue, existing.plan) };
  const surface = await BodySurface.open(octokit, issue);
  if (surface.maxChars >= MIN_BODY_ROOM || surface.previous !== undefined) return { surface };
  log.warn({ room: surface.maxChars }, "issue body too long for the plan section: posting a comment");
  return {
    surface: new CommentSurface(octokit, issue, existing.plan),
    notice:
      "The issue body is too long to hold the plan as well (GitHub allows 65,536 characters), so it is posted here.",
  };
}

/** Output target `sub-issues`: the phase issues, rewritten in place or created and linked. */
export async function writePhaseIssues(
  octokit: ProbotOctokit,
  issue: IssueRef,
  plan: Plan,
  safety: NeutralizeOptions,
  own?: OwnAuthor,
): Promise<SubIssueResult[]> {
  const current = await findPhaseIssues(octokit, issue, own);
  const bodies = new Map([...current].map(([phase, linked]) => [phase, linked.body]));
  return syncSubIssues(octokit, issue, current, renderPhaseIssues(plan, bodies, safety));
}
