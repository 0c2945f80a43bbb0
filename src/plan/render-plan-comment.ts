// The body of the plan comment: the hidden marker, the plan, and a footer saying where it came from.
import { PLAN_MARKER } from "../github/comment-markers.js";

export interface PlanCommentInput {
  plan: string;
  defaultBranch: string;
  model: string;
  planLabel: string;
}

/** GitHub rejects comment bodies above 65,536 characters with a 422. */
export const MAX_COMMENT_CHARS = 65_536;

const CUT_NOTE = "\n\n_The rest of the plan was cut: it exceeded GitHub's comment size limit._";

export function renderPlanComment(input: PlanCommentInput): string {
  const footer = [
    "",
    "---",
    `<sub>Planned by issue-planner with \`${input.model}\` from the default branch \`${input.defaultBranch}\`. ` +
      "Editing the issue does not update this plan: comment `/plan` (optionally followed by guidance) " +
      `or add the \`${input.planLabel}\` label again to regenerate it in place.</sub>`,
  ].join("\n");
  const room = MAX_COMMENT_CHARS - PLAN_MARKER.length - footer.length - 2;
  let plan = input.plan.trim();
  if (plan.length > room) {
    const cut = plan.slice(0, room - CUT_NOTE.length);
    // Cut at a line boundary so no checkbox or code span is left half-written.
    plan = `${cut.slice(0, Math.max(0, cut.lastIndexOf("\n")))}${CUT_NOTE}`;
  }
  return `${PLAN_MARKER}\n${plan}\n${footer}`;
}
