// Plans per installation per hour and per day: what an operator pays for is bounded, and a team that hits the
// bound is told when the next plan is possible. Counted in this process (the Redis queue will share the count).

export interface QuotaLimits {
  perHour: number;
  perDay: number;
}

export type QuotaDecision =
  | { ok: true }
  | { ok: false; retryAt: Date; window: "hour" | "day"; limit: number };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export class PlanQuota {
  readonly #started = new Map<number, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts a plan for the installation if both windows have room; otherwise says when one will. */
  take(installationId: number, limits: QuotaLimits): QuotaDecision {
    const now = this.now();
    const recent = (this.#started.get(installationId) ?? []).filter((at) => now - at < DAY);
    const lastHour = recent.filter((at) => now - at < HOUR);
    if (lastHour.length >= limits.perHour) {
      return {
        ok: false,
        retryAt: new Date((lastHour[lastHour.length - limits.perHour] ?? now) + HOUR),
        window: "hour",
        limit: limits.perHour,
      };
    }
    if (recent.length >= limits.perDay) {
      return {
        ok: false,
        retryAt: new Date((recent[recent.length - limits.perDay] ?? now) + DAY),
        window: "day",
        limit: limits.perDay,
      };
    }
    recent.push(now);
    this.#started.set(installationId, recent);
    return { ok: true };
  }
}

export function quotaMessage(decision: Extract<QuotaDecision, { ok: false }>): string {
  const when = decision.retryAt
    .toISOString()
    .replace("T", " ")
    .replace(/:\d\d\.\d+Z$/, " UTC");
  return `This installation has used its ${decision.limit} plans for this ${decision.window}. The next plan is possible after ${when}; ask again then.`;
}
