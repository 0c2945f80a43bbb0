// `issues.opened` -> a plan request, only where the configuration turns automatic plans on.
import type { Context } from "probot";
import { type ConfigRead, commonChecks, planUnlessExcluded } from "./base-request.js";
import type { TriggerDecision } from "./trigger-decision.js";

type OpenedPayload = Context<"issues.opened">["payload"];

export function requestFromOpened(
  payload: OpenedPayload,
  deliveryId: string,
  read: ConfigRead,
): TriggerDecision {
  if (!read.config.triggers.issueOpened)
    return { kind: "ignore", reason: "automatic plans for new issues are off" };
  const ignored = commonChecks(payload);
  if (ignored) return ignored;
  return planUnlessExcluded(payload, deliveryId, read, { kind: "opened", actor: payload.sender.login });
}
