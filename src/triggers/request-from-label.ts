// `issues.labeled` with the plan label -> a plan request.
import type { Context } from "probot";
import { type ConfigRead, planUnlessExcluded } from "./base-request.js";
import { isBotSender } from "./is-bot-sender.js";
import type { TriggerDecision } from "./trigger-decision.js";

type LabeledPayload = Context<"issues.labeled">["payload"];

export function requestFromLabel(
  payload: LabeledPayload,
  deliveryId: string,
  read: ConfigRead,
): TriggerDecision {
  const { config } = read;
  const label = payload.label?.name;
  if (!label || label.toLowerCase() !== config.labels.trigger.toLowerCase()) {
    return { kind: "ignore", reason: `label "${label ?? ""}" is not the plan label` };
  }
  if (!config.triggers.label)
    return { kind: "ignore", reason: "label triggers are turned off in the configuration" };
  const ignored = commonChecks(payload);
  if (ignored) return ignored;
  return planUnlessExcluded(payload, deliveryId, read, { kind: "label", actor: payload.sender.login, label });
}

/** Bots, pull requests and events without an installation never trigger. */
export function commonChecks(payload: {
  sender: { login: string; type?: string | null };
  issue: { pull_request?: unknown };
  installation?: unknown;
}): TriggerDecision | undefined {
  if (isBotSender(payload.sender))
    return { kind: "ignore", reason: `sender ${payload.sender.login} is a bot` };
  if (payload.issue.pull_request) return { kind: "ignore", reason: "pull requests are not planned" };
  if (!payload.installation) return { kind: "ignore", reason: "event has no installation" };
  return undefined;
}
