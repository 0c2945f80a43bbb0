// Hidden markers that let the app find its own comments again instead of posting new ones.
export const PLAN_MARKER = "<!-- issue-planner:plan -->";
export const FAILURE_MARKER = "<!-- issue-planner:error -->";
