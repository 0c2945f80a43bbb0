// Hidden markers that let the app find its own comments again instead of posting new ones.
export const PLAN_MARKER = "<!-- issue-planner:plan -->";
/** Ends the plan itself; checks, the previous plan and the footer follow it. */
export const PLAN_END_MARKER = "<!-- issue-planner:plan-end -->";
export const FAILURE_MARKER = "<!-- issue-planner:error -->";
export const HELP_MARKER = "<!-- issue-planner:help -->";
/** Marks the progress line at the top of a plan comment while a new plan is being written. */
export const STATUS_MARKER = "<!-- issue-planner:status -->";
/** Open and close the app's section at the end of an issue body (output target `body`). */
export const BODY_START_MARKER = "<!-- issue-planner:body-start -->";
export const BODY_END_MARKER = "<!-- issue-planner:body-end -->";
/** Starts the body of a sub-issue the app wrote for one phase (output target `sub-issues`), e.g. `...:phase=backend`. */
export const SUB_ISSUE_MARKER_PREFIX = "<!-- issue-planner:phase=";
