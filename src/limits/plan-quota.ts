// Plans per installation per hour and per day: what an operator pays for is bounded, and a team that hits the
// bound is told when the next plan is possible. Counted in this process, or in Redis across all workers.

export interface QuotaLimits {
  perHour: number;
  perDay: number;
}

export type QuotaDecision =
  | { ok: true }
  | { ok: false; retryAt: Date; window: "hour" | "day"; limit: number };

export interface PlanQuota {
  /** Counts a plan for the installation if both windows have room; otherwise says when one will. */
  take(installationId: number, limits: QuotaLimits): Promise<QuotaDecision>;
}

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The decision for plans started at `started` (ascending, within the last day), before counting one more. */
export function decideQuota(started: readonly number[], now: number, limits: QuotaLimits): QuotaDecision {
  const lastHour = started.filter((at) => now - at < HOUR_MS);
  if (lastHour.length >= limits.perHour) {
    return {
      ok: false,
      retryAt: new Date((lastHour[lastHour.length - limits.perHour] ?? now) + HOUR_MS),
      window: "hour",
      limit: limits.perHour,
    };
  }
  if (started.length >= limits.perDay) {
    return {
      ok: false,
      retryAt: new Date((started[started.length - limits.perDay] ?? now) + DAY_MS),
      window: "day",
      limit: limits.perDay,
    };
  }
  return { ok: true };
}

export class MemoryPlanQuota implements PlanQuota {
  readonly #started = new Map<number, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(installationId: number, limits: QuotaLimits): Promise<QuotaDecision> {
    const now = this.now();
    const recent = (this.#started.get(installationId) ?? []).filter((at) => now - at < DAY_MS);
    const decision = decideQuota(recent, now, limits);
    if (decision.ok) recent.push(now);
    this.#started.set(installationId, recent);
    return decision;
  }
}

export function quotaMessage(decision: Extract<QuotaDecision, { ok: false }>): string {
  const when = decision.retryAt
    .toISOString()
    .replace("T", " ")
    .replace(/:\d\d\.\d+Z$/, " UTC");
  return `This installation has used its ${decision.limit} plans for this ${decision.window}. The next plan is possible after ${when}; ask again then.`;
}
