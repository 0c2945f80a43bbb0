// `issues.labeled` with the plan label -> a plan request.
import type { Context } from "probot";
import { isBotSender } from "./is-bot-sender.js";
import type { TriggerDecision } from "./trigger-decision.js";

type LabeledPayload = Context<"issues.labeled">["payload"];

export function requestFromLabel(
  payload: LabeledPayload,
  deliveryId: string,
  planLabel: string,
): TriggerDecision {
  const label = payload.label?.name;
  if (!label || label.toLowerCase() !== planLabel.toLowerCase()) {
    return { kind: "ignore", reason: `label "${label ?? ""}" is not the plan label` };
  }
  if (isBotSender(payload.sender))
    return { kind: "ignore", reason: `sender ${payload.sender.login} is a bot` };
  if ("pull_request" in payload.issue && payload.issue.pull_request) {
    return { kind: "ignore", reason: "pull requests are not planned" };
  }
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
      trigger: { kind: "label", actor: payload.sender.login, label },
    },
  };
}
