// Several triggers for one issue become one job: the newest issue text and configuration, and a `/plan` command's
// guidance (or refine feedback) is never erased by a label trigger that came after it. The triggers not chosen
// stay with the job: whether a trigger is allowed is decided by the job, so one that turns out not to be (a
// `/plan` from someone without permission) must not take the place of one that is.
import { MAX_OTHER_TRIGGERS, type PlanRequest, type Trigger } from "./plan-request.js";

export function mergeTriggers(pending: PlanRequest, incoming: PlanRequest): PlanRequest {
  const keepCommand = incoming.trigger.kind !== "command" && pending.trigger.kind === "command";
  const chosen = keepCommand ? pending.trigger : incoming.trigger;
  const others = [
    ...(keepCommand ? [incoming.trigger] : [pending.trigger]),
    ...(incoming.otherTriggers ?? []),
    ...(pending.otherTriggers ?? []),
  ];
  const otherTriggers = distinct([chosen, ...others]).slice(1, MAX_OTHER_TRIGGERS + 1);
  return {
    ...incoming,
    trigger: chosen,
    ...(keepCommand ? { deliveryId: pending.deliveryId } : {}),
    ...(otherTriggers.length > 0 ? { otherTriggers } : {}),
  };
}

/** The job for a list of triggers in arrival order; undefined when there is none. */
export function mergeAll(requests: readonly PlanRequest[]): PlanRequest | undefined {
  let merged: PlanRequest | undefined;
  for (const request of requests) merged = merged ? mergeTriggers(merged, request) : request;
  return merged;
}

/** One entry per trigger kind and actor: a burst of the same person's labels is one candidate. */
function distinct(triggers: Trigger[]): Trigger[] {
  const seen = new Set<string>();
  return triggers.filter((trigger) => {
    const key = `${trigger.kind}:${trigger.actor.toLowerCase()}:${trigger.kind === "label" ? trigger.label.toLowerCase() : ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
