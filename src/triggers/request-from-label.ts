// `issues.labeled` -> a plan request, unless the configuration known lately says the label is not the plan label.
import type { Context } from "probot";
import { admitTrigger, commonChecks, type KnownConfig } from "./base-request.js";
import type { TriggerDecision } from "./trigger-decision.js";

type LabeledPayload = Context<"issues.labeled">["payload"];

export function requestFromLabel(
  payload: LabeledPayload,
  deliveryId: string,
  read: KnownConfig,
): TriggerDecision {
  const label = payload.label?.name;
  if (!label) return { kind: "ignore", reason: "the event names no label" };
  const ignored = commonChecks(payload);
  if (ignored) return ignored;
  return admitTrigger(payload, deliveryId, read, { kind: "label", actor: payload.sender.login, label });
}
