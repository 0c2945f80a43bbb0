// Where a plan job writes: the plan's surface (its comment, or the issue body's section, falling back to a comment
// when the body has no room) and, for the `sub-issues` target, the phase issues.

import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { httpStatusOf } from "../errors.js";
import { describeRequestFailure } from "../github/describe-request-failure.js";
import type { AppComments } from "../github/find-app-comments.js";
import type { IssueRef } from "../github/issue-ref.js";
import type { OwnAuthor } from "../github/own-author.js";
import { BodySurface, CommentSurface, type PlanSurface } from "../github/plan-surfaces.js";
import {
  findPhaseIssues,
  type LinkedPhaseIssue,
  type SubIssueResult,
  syncSubIssues,
} from "../github/sync-sub-issues.js";
import type { PhaseKey, Plan } from "../plan/plan-model.js";
import { renderPhaseIssues } from "../plan/render-phase-issues.js";
import type { SanitizeOptions } from "../plan/sanitize-markdown.js";
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

/** The app's phase issues of the issue, or why there can be none (a server without the sub-issues API). */
export type PhaseIssues =
  | { available: true; current: Map<PhaseKey, LinkedPhaseIssue> }
  | { available: false; notice: string };

/**
 * Reads the phase issues before anything is written: GitHub Enterprise Server versions without sub-issues answer
 * 404, and the plan then goes to its comment alone, saying why, instead of promising sub-issues and failing.
 */
export async function readPhaseIssues(
  octokit: ProbotOctokit,
  issue: IssueRef,
  own?: OwnAuthor,
): Promise<PhaseIssues> {
  try {
    return { available: true, current: await findPhaseIssues(octokit, issue, own) };
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
    return {
      available: false,
      notice: `This GitHub server has no sub-issues API (${describeRequestFailure(error)}), so the phases are tracked in this comment only.`,
    };
  }
}

/** Output target `sub-issues`: the phase issues, rewritten in place or created and linked. */
export async function writePhaseIssues(
  octokit: ProbotOctokit,
  issue: IssueRef,
  plan: Plan,
  safety: SanitizeOptions,
  current: Map<PhaseKey, LinkedPhaseIssue>,
): Promise<SubIssueResult[]> {
  const bodies = new Map([...current].map(([phase, linked]) => [phase, linked.body]));
  return syncSubIssues(octokit, issue, current, renderPhaseIssues(plan, bodies, safety));
}
