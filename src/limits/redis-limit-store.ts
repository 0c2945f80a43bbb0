// LLM limits in Redis, shared by every worker. Concurrency slots are leases (a sorted set scored by lease end,
// so a crashed worker's slot lapses); rates are start times within the last minute. One script checks all four
// limits and takes a slot under each, or none.
import type { Redis } from "ioredis";
import {
  type AcquireResult,
  LIMIT_NAMES,
  type LimitName,
  type LimitStore,
  type LlmLimits,
  limitKeys,
  limitValues,
  RATE_WINDOW_MS,
} from "./llm-limiter.js";

const ACQUIRE = `
local now = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local token = ARGV[4]
for i = 1, 2 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now) end
for i = 3, 4 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window) end
for i = 1, 4 do
  local cap = tonumber(ARGV[4 + i])
  local count = redis.call('ZCARD', KEYS[i])
  if count >= cap then
    if i <= 2 then return {0, i, 250} end
    local oldest = redis.call('ZRANGE', KEYS[i], count - cap, count - cap, 'WITHSCORES')
    return {0, i, tonumber(oldest[2]) + window - now}
  end
end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + lease, token)
  redis.call('PEXPIRE', KEYS[i], lease)
end
for i = 3, 4 do
  redis.call('ZADD', KEYS[i], now, token)
  redis.call('PEXPIRE', KEYS[i], window)
end
return {1}
`;

// A renewal re-adds a lapsed slot too: the call is still running, so it counts against the limit.
const RENEW = `
local lease_end = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], lease_end, ARGV[3])
  if redis.call('PTTL', KEYS[i]) < lease then redis.call('PEXPIRE', KEYS[i], lease) end
end
return 1
`;

export class RedisLimitStore implements LimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async tryAcquire(
    installationId: number,
    token: string,
    limits: LlmLimits,
    now: number,
    leaseMs: number,
  ): Promise<AcquireResult> {
    const keys = limitKeys(installationId).map((key) => `${this.prefix}:${key}`);
    const [ok, index, wait] = (await this.redis.eval(
      ACQUIRE,
      4,
      ...keys,
      now,
      leaseMs,
      RATE_WINDOW_MS,
      token,
      ...limitValues(limits),
    )) as [number, number?, number?];
    if (ok === 1) return { ok: true };
    return {
      ok: false,
      limit: LIMIT_NAMES[(index ?? 1) - 1] as LimitName,
      retryAfterMs: Math.max(0, Number(wait ?? 250)),
    };
  }

  async renew(installationId: number, token: string, now: number, leaseMs: number): Promise<void> {
    const [global, perInstallation] = limitKeys(installationId);
    await this.redis.eval(
      RENEW,
      2,
      `${this.prefix}:${global}`,
      `${this.prefix}:${perInstallation}`,
      now + leaseMs,
      leaseMs,
      token,
    );
  }

  async release(installationId: number, token: string): Promise<void> {
    const [global, perInstallation] = limitKeys(installationId);
    await this.redis
      .multi()
      .zrem(`${this.prefix}:${global}`, token)
      .zrem(`${this.prefix}:${perInstallation}`, token)
      .exec();
  }
}
