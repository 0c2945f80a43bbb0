// The body of the failure notice: what went wrong, how to retry, and a reference for the operator's logs.
import { FAILURE_MARKER } from "../github/comment-markers.js";

export interface FailureCommentInput {
  /** What went wrong, for the user: a UserFacingError's message or the generic one. */
  reason: string;
  planLabel: string;
  deliveryId: string;
}

export const GENERIC_FAILURE =
  "Something unexpected went wrong on the app's side; its operator can find the details in the logs.";

export function renderFailureComment(input: FailureCommentInput): string {
  return [
    FAILURE_MARKER,
    `**issue-planner could not write a plan for this issue.** ${input.reason}`,
    "",
    `To try again, comment \`/plan\` or remove and re-add the \`${input.planLabel}\` label.`,
    "",
    `<sub>Reference for the app's operator: webhook delivery \`${input.deliveryId}\`.</sub>`,
  ].join("\n");
}
