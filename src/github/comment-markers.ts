// Hidden markers that let the app find its own comments again instead of posting new ones.
export const PLAN_MARKER = "<!-- issue-planner:plan -->";
/** Ends the plan itself; checks, the previous plan and the footer follow it. */
export const PLAN_END_MARKER = "<!-- issue-planner:plan-end -->";
export const FAILURE_MARKER = "<!-- issue-planner:error -->";
export const HELP_MARKER = "<!-- issue-planner:help -->";
/** Marks the progress line at the top of a plan comment while a new plan is being written. */
export const STATUS_MARKER = "<!-- issue-planner:status -->";
