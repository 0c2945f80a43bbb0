// Output target `sub-issues`: one issue per phase holding that phase's tasks as a task list, so each phase can
// be assigned and tracked on its own. Written from the checked plan and made safe like the plan comment.
import { SUB_ISSUE_MARKER_PREFIX } from "./comment-markers.js";
import { defusePlainText } from "./defuse-text.js";
import { parsePlanMarkdown } from "./parse-plan-markdown.js";
import { PHASE_KEYS, type PhaseKey, type Plan } from "./plan-model.js";
import type { PlanTicks } from "./plan-ticks.js";
import { oneLine, phaseHeading, renderPhaseMarkdown } from "./render-plan-markdown.js";
import { type SanitizeOptions, sanitizeMarkdown } from "./sanitize-markdown.js";
import { PLAN_HEADING_PREFIX } from "./system-prompt.js";

/** GitHub's limit on issue titles. */
const MAX_TITLE_CHARS = 256;

export interface PhaseIssue {
  phase: PhaseKey;
  title: string;
  body: string;
}

export function phaseIssueMarker(phase: PhaseKey): string {
  return `${SUB_ISSUE_MARKER_PREFIX}${phase} -->`;
}

/** The phase an issue body was written for, when the app wrote it. */
export function phaseOfIssueBody(body: string | null | undefined): PhaseKey | undefined {
  if (!body?.startsWith(SUB_ISSUE_MARKER_PREFIX)) return undefined;
  const key = body.slice(SUB_ISSUE_MARKER_PREFIX.length).split(" ", 1)[0];
  return PHASE_KEYS.find((phase) => phase === key);
}

/**
 * The four phase issues. `previousBodies` are the phase issues' current bodies: boxes ticked there stay ticked
 * when a task or step keeps its text.
 */
export function renderPhaseIssues(
  plan: Plan,
  previousBodies: ReadonlyMap<PhaseKey, string>,
  safety: SanitizeOptions,
): PhaseIssue[] {
  return PHASE_KEYS.map((phase) => {
    const previous = previousBodies.get(phase);
    const ticks = previous ? ticksOfPhaseIssue(previous) : undefined;
    const tasks = sanitizeMarkdown(renderPhaseMarkdown(plan, phase, ticks), safety).markdown;
    const body = [
      phaseIssueMarker(phase),
      tasks.trimEnd(),
      "",
      "---",
      "<sub>Part of the implementation plan in the parent issue, written by issue-planner. Regenerating the plan " +
        "there (`/plan`) rewrites this task list in place; ticked boxes are kept.</sub>",
    ].join("\n");
    const title = defusePlainText(`${phaseHeading(phase)} · ${oneLine(plan.title)}`);
    return { phase, title: truncate(title, MAX_TITLE_CHARS), body };
  });
}

/** Ticked tasks and steps of a phase issue the app wrote (read with the plan parser, under a plan heading). */
export function ticksOfPhaseIssue(body: string): PlanTicks {
  return parsePlanMarkdown(`${PLAN_HEADING_PREFIX}phase\n\n${body}`).ticks;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
