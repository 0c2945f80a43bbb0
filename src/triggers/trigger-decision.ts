// The outcome of looking at a webhook: a plan request to enqueue, or the reason it is ignored.
import type { PlanRequest } from "../jobs/plan-request.js";

export type TriggerDecision =
  | { kind: "plan"; request: PlanRequest }
  /** The event is not for us, e.g. another label; logged at debug level. */
  | { kind: "ignore"; reason: string };
