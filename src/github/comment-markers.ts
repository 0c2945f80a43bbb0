// Hidden markers that let the app find its own comments again instead of posting new ones.
export const PLAN_MARKER = "<!-- issue-planner:plan -->";
/** Ends the plan itself; checks, the previous plan and the footer follow it. */
export const PLAN_END_MARKER = "<!-- issue-planner:plan-end -->";
export const FAILURE_MARKER = "<!-- issue-planner:error -->";
export const HELP_MARKER = "<!-- issue-planner:help -->";
