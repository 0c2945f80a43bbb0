// `issues.labeled` with the plan label -> a plan request.
import type { Context } from "probot";
import { type ConfigRead, commonChecks, planUnlessExcluded } from "./base-request.js";
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
