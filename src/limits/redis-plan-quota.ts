// The plan quota kept in Redis, so every worker counts against the same hour and day. One script per decision:
// two workers taking the last plan of the hour at the same moment cannot both get it.
import type { Redis } from "ioredis";
import { DAY_MS, decideQuota, type PlanQuota, type QuotaDecision, type QuotaLimits } from "./plan-quota.js";

// Drops starts older than a day, then adds this one only when both windows have room; returns the starts.
const TAKE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local started = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local day, hour = 0, 0
for i = 2, #started, 2 do
  day = day + 1
  if now - tonumber(started[i]) < 3600000 then hour = hour + 1 end
end
if hour < tonumber(ARGV[3]) and day < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
local scores = {}
for i = 2, #started, 2 do scores[#scores + 1] = started[i] end
return {0, scores}
`;

export class RedisPlanQuota implements PlanQuota {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async take(installationId: number, limits: QuotaLimits): Promise<QuotaDecision> {
    const now = this.now();
    const member = `${now}:${Math.random().toString(36).slice(2)}`;
    const [taken, scores] = (await this.redis.eval(
      TAKE,
      1,
      `${this.prefix}:quota:${installationId}`,
      now,
      DAY_MS,
      limits.perHour,
      limits.perDay,
      member,
    )) as [number, string[] | undefined];
    if (taken === 1) return { ok: true };
    const decision = decideQuota((scores ?? []).map(Number), now, limits);
    // The script refused, so one of the windows is full; decideQuota says which and until when.
    return decision.ok
      ? { ok: false, retryAt: new Date(now + 60_000), window: "hour", limit: limits.perHour }
      : decision;
  }
}
