// `issues.opened` -> a plan request, unless the configuration known lately leaves automatic plans off.
import type { Context } from "probot";
import { admitTrigger, commonChecks, type KnownConfig } from "./base-request.js";
import type { TriggerDecision } from "./trigger-decision.js";

type OpenedPayload = Context<"issues.opened">["payload"];

export function requestFromOpened(
  payload: OpenedPayload,
  deliveryId: string,
  read: KnownConfig,
): TriggerDecision {
  const ignored = commonChecks(payload);
  if (ignored) return ignored;
  return admitTrigger(payload, deliveryId, read, { kind: "opened", actor: payload.sender.login });
}
