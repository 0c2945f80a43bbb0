// The deliveries a starting webhook server sends itself (src/webhooks/warm-up.ts) carry ids that begin with this
// process's own random prefix: their request lines are logged at debug, the metrics leave them out and the queue
// never takes one. A delivery from GitHub (a GUID) or from anyone else cannot carry it.
import { randomUUID } from "node:crypto";

export const WARM_UP_ID_PREFIX = `issue-planner-warm-up-${randomUUID()}-`;

export function isWarmUpDelivery(id: unknown): boolean {
  return typeof id === "string" && id.startsWith(WARM_UP_ID_PREFIX);
}
