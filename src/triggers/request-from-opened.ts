// `issues.opened` -> a plan request, only where the configuration turns automatic plans on.
import type { Context } from "probot";
import { baseRequest, type ConfigRead, excludingLabels } from "./base-request.js";
import { commonChecks } from "./request-from-label.js";
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
  const excluded = excludingLabels(
    (payload.issue.labels ?? []).map((entry) => entry.name),
    read.config,
  );
  if (excluded.length > 0)
    return { kind: "ignore", reason: `the issue has the excluded label ${excluded.join(", ")}` };
  return {
    kind: "plan",
    request: {
      ...baseRequest({ ...payload, installation: payload.installation as { id: number } }, deliveryId, read),
      trigger: { kind: "opened", actor: payload.sender.login },
    },
  };
}
