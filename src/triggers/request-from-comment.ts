// `issue_comment.created` starting with `/plan` -> a plan request (the permission check comes after).
import type { Context } from "probot";
import { isBotSender } from "./is-bot-sender.js";
import { parsePlanCommand } from "./parse-plan-command.js";
import type { TriggerDecision } from "./trigger-decision.js";

type CommentPayload = Context<"issue_comment.created">["payload"];

export function requestFromComment(payload: CommentPayload, deliveryId: string): TriggerDecision {
  const command = parsePlanCommand(payload.comment.body);
  if (!command) return { kind: "ignore", reason: "comment is not a /plan command" };
  if (isBotSender(payload.sender) || isBotSender(payload.comment.user ?? payload.sender)) {
    return { kind: "ignore", reason: `sender ${payload.sender.login} is a bot` };
  }
  if (payload.issue.pull_request) return { kind: "ignore", reason: "pull requests are not planned" };
  if (!payload.installation) return { kind: "ignore", reason: "event has no installation" };
  return {
    kind: "plan",
    request: {
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      issueNumber: payload.issue.number,
      installationId: payload.installation.id,
      defaultBranch: payload.repository.default_branch,
      issue: {
        title: payload.issue.title,
        body: payload.issue.body ?? null,
        labels: (payload.issue.labels ?? []).map((entry) => entry.name),
      },
      deliveryId,
      trigger: {
        kind: "command",
        actor: payload.comment.user?.login ?? payload.sender.login,
        commentId: payload.comment.id,
        instructions: command.instructions,
      },
    },
  };
}
