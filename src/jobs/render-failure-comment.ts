// The body of the failure notice: what went wrong, how to retry, and a reference for the operator's logs. The
// reason can echo the repository's configuration (keys, values, an `_extends` target), so it goes through the
// same sanitiser as the plan; the label and delivery id are shown as code spans no value can break out of.

import { codeSpan } from "../markdown-literal.js";
import { FAILURE_MARKER } from "../plan/comment-markers.js";
import { sanitizeMarkdown } from "../plan/sanitize-markdown.js";

export interface FailureCommentInput {
  /** What went wrong, for the user: a UserFacingError's message or the generic one. */
  reason: string;
  planLabel: string;
  deliveryId: string;
  /** The issue already has the app's plan, from an earlier run: the notice says that plan stays as it was. */
  planExists?: boolean;
}

const NOT_WRITTEN = "issue-planner could not write a plan for this issue.";
const NOT_UPDATED =
  "issue-planner could not write a new plan for this issue: the plan already here is from an earlier run and was not updated.";

const GENERIC_FAILURE =
  "Something unexpected went wrong on the app's side; its operator can find the details in the logs.";

/**
 * The reason for a failure the user cannot fix themselves: the step it happened in and, for a GitHub request,
 * which request GitHub refused or failed (never the error's own text, which may hold internals).
 */
export function unexpectedFailure(step: string | undefined, githubRequest: string | undefined): string {
  if (!step) return GENERIC_FAILURE;
  const request = githubRequest ? ` (GitHub: ${githubRequest})` : "";
  return `Something unexpected went wrong while ${step}${request}; its operator can find the details in the logs. If it was GitHub or a passing outage, asking again later may be enough.`;
}

export function renderFailureComment(input: FailureCommentInput): string {
  return [
    FAILURE_MARKER,
    `**${input.planExists ? NOT_UPDATED : NOT_WRITTEN}** ${sanitizeMarkdown(input.reason.trim()).markdown}`,
    "",
    `To try again, comment \`/plan\` or remove and re-add the ${codeSpan(input.planLabel)} label.`,
    "",
    `<sub>Reference for the app's operator: webhook delivery ${codeSpan(input.deliveryId)}.</sub>`,
  ].join("\n");
}
