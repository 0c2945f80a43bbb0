// Finds the plan's own Markdown in a posted plan comment (between the markers), for ticks and history.
import { PLAN_END_MARKER, PLAN_MARKER, STATUS_MARKER } from "./comment-markers.js";

export function readPostedPlan(body: string): string | undefined {
  const start = body.indexOf(PLAN_MARKER);
  if (start !== 0) return undefined;
  // A progress line (a job running, or one that crashed) is not part of the plan.
  const rest = body
    .slice(PLAN_MARKER.length)
    .replace(new RegExp(`\\n?${STATUS_MARKER}\\n> [^\\n]*\\n`, "g"), "\n");
  const end = rest.indexOf(PLAN_END_MARKER);
  // Comments from before the end marker existed: the plan runs up to the footer's rule.
  const text = end >= 0 ? rest.slice(0, end) : (rest.split(/\n---\n<sub>/)[0] ?? "");
  const plan = text.trim();
  // A comment holding only a status (its job never finished) has no plan to carry over.
  return plan || undefined;
}
