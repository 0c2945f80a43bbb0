// `issue_comment.created` starting with `/plan` -> a plan request (the job checks who wrote it).
import type { Context } from "probot";
import { admitTrigger, commonChecks, type KnownConfig } from "./base-request.js";
import { isBotSender } from "./is-bot-sender.js";
import { parsePlanCommand } from "./parse-plan-command.js";
import type { TriggerDecision } from "./trigger-decision.js";

type CommentPayload = Context<"issue_comment.created">["payload"];

export function requestFromComment(
  payload: CommentPayload,
  deliveryId: string,
  read: KnownConfig,
): TriggerDecision {
  const command = parsePlanCommand(payload.comment.body);
  if (!command) return { kind: "ignore", reason: "comment is not a /plan command" };
  if (payload.comment.user && isBotSender(payload.comment.user)) {
    return { kind: "ignore", reason: `author ${payload.comment.user.login} is a bot` };
  }
  const ignored = commonChecks(payload);
  if (ignored) return ignored;
  return admitTrigger(payload, deliveryId, read, {
    kind: "command",
    actor: payload.comment.user?.login ?? payload.sender.login,
    association: payload.comment.author_association,
    commentId: payload.comment.id,
    action: command.action,
    instructions: command.action === "help" ? "" : command.instructions,
    ...(command.action === "help" && command.unknown ? { unknown: command.unknown } : {}),
  });
}
