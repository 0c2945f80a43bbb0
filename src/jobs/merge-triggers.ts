// Several triggers for one issue become one job: the newest issue text and configuration, and a `/plan` command's
// guidance (or refine feedback) is never erased by a label trigger that came after it.
import type { PlanRequest } from "./plan-request.js";

export function mergeTriggers(pending: PlanRequest, incoming: PlanRequest): PlanRequest {
  if (incoming.trigger.kind !== "command" && pending.trigger.kind === "command")
    return { ...incoming, trigger: pending.trigger, deliveryId: pending.deliveryId };
  return incoming;
}

/** The job for a list of triggers in arrival order; undefined when there is none. */
export function mergeAll(requests: readonly PlanRequest[]): PlanRequest | undefined {
  let merged: PlanRequest | undefined;
  for (const request of requests) merged = merged ? mergeTriggers(merged, request) : request;
  return merged;
}
