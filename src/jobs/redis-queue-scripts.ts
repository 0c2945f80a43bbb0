// The Redis side of the queue's job semantics, as atomic scripts over per-issue keys:
//   triggers:<issue>  list of plan requests not yet taken by a job
//   queued:<issue>    id of the issue's job that has not started yet (new triggers merge into it)
//   lock:<issue>      id of the issue's running job (one at a time; lapses if its worker dies)
//   taken:<job>       the requests a job took; kept until it ends, so a job taken over after a crash has them
//   delivery:<id>     a webhook delivery already accepted (redeliveries are no-ops)
import type { Redis } from "ioredis";

/** KEYS: delivery, triggers, queued. ARGV: request JSON, delivery TTL (s), candidate job id. */
const ENQUEUE = `
local fresh = redis.call('SET', KEYS[1], ARGV[3], 'NX', 'EX', ARGV[2])
if fresh then redis.call('RPUSH', KEYS[2], ARGV[1]) end
local queued = redis.call('GET', KEYS[3])
if queued then return {fresh and 1 or 0, queued, 0} end
if redis.call('LLEN', KEYS[2]) == 0 then return {fresh and 1 or 0, false, 0} end
redis.call('SET', KEYS[3], ARGV[3])
return {fresh and 1 or 0, ARGV[3], 1}
`;

/** KEYS: lock, queued, triggers, taken. ARGV: job id, lock ms. Returns {0} when another job holds the issue. */
const TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return {0} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
local rerun = redis.call('EXISTS', KEYS[4])
while redis.call('LMOVE', KEYS[3], KEYS[4], 'LEFT', 'RIGHT') do end
return {1, rerun, redis.call('LRANGE', KEYS[4], 0, -1)}
`;

/** KEYS: lock. ARGV: job id, lock ms. Extends the lock while its job runs. */
const HEARTBEAT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: lock, taken. ARGV: job id. The job ended: its requests are done and the issue is free. */
const FINISH = `
redis.call('DEL', KEYS[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/**
 * KEYS: lock, taken, triggers, queued. ARGV: job id, retry job id.
 * The job failed for a passing reason: its requests go back in front of the issue's newer ones and the issue
 * gets a job to run them (the retry, or a follow-up already queued, which then plans with all of them).
 */
const REQUEUE = `
local taken = redis.call('LRANGE', KEYS[2], 0, -1)
for i = #taken, 1, -1 do redis.call('LPUSH', KEYS[3], taken[i]) end
redis.call('DEL', KEYS[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local queued = redis.call('GET', KEYS[4])
if queued then return {queued, 0} end
redis.call('SET', KEYS[4], ARGV[2])
return {ARGV[2], 1}
`;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/** What TAKE found: another job of the issue runs, or the requests this job now holds. */
export type Taken = { kind: "busy" } | { kind: "taken"; rerun: boolean; requests: string[] };

/**
 * The scripts above on one Redis client, under one queue's key prefix. Each is sent once and then called by its
 * hash (ioredis sends it again if Redis lost it, after a restart): a webhook's enqueue sends its keys and the
 * request, not the script's text.
 */
export class IssueScripts {
  readonly #enqueue: ScriptCall;
  readonly #take: ScriptCall;
  readonly #heartbeat: ScriptCall;
  readonly #finish: ScriptCall;
  readonly #requeue: ScriptCall;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    const define = (name: string, keys: number, lua: string): ScriptCall => {
      redis.defineCommand(name, { numberOfKeys: keys, lua });
      const command = (redis as unknown as Record<string, ScriptCall>)[name] as ScriptCall;
      return (...args) => command.apply(redis, args);
    };
    this.#enqueue = define("issuePlannerEnqueue", 3, ENQUEUE);
    this.#take = define("issuePlannerTake", 4, TAKE);
    this.#heartbeat = define("issuePlannerHeartbeat", 1, HEARTBEAT);
    this.#finish = define("issuePlannerFinish", 2, FINISH);
    this.#requeue = define("issuePlannerRequeue", 4, REQUEUE);
  }

  /** A delivery's request onto its issue; `jobId`: the issue's queued job, `created` when it is `candidate`. */
  async enqueue(
    key: string,
    deliveryId: string,
    request: string,
    ttlS: number,
    candidate: string,
  ): Promise<{ fresh: boolean; jobId: string | null; created: boolean }> {
    const [fresh, jobId, created] = (await this.#enqueue(
      this.key("delivery", deliveryId),
      this.key("triggers", key),
      this.key("queued", key),
      request,
      ttlS,
      candidate,
    )) as [number, string | null, number];
    return { fresh: fresh === 1, jobId, created: created === 1 };
  }

  async take(key: string, jobId: string, lockMs: number): Promise<Taken> {
    const taken = (await this.#take(
      this.key("lock", key),
      this.key("queued", key),
      this.key("triggers", key),
      this.key("taken", jobId),
      jobId,
      lockMs,
    )) as [number, number?, string[]?];
    if (taken[0] === 0) return { kind: "busy" };
    return { kind: "taken", rerun: taken[1] === 1, requests: taken[2] ?? [] };
  }

  async heartbeat(key: string, jobId: string, lockMs: number): Promise<void> {
    await this.#heartbeat(this.key("lock", key), jobId, lockMs);
  }

  async finish(key: string, jobId: string): Promise<void> {
    await this.#finish(this.key("lock", key), this.key("taken", jobId), jobId);
  }

  /** The job's requests back in front of the issue's; `jobId`: the job that runs them, `created` if `retryId`. */
  async requeue(key: string, jobId: string, retryId: string): Promise<{ jobId: string; created: boolean }> {
    const [nextId, created] = (await this.#requeue(
      this.key("lock", key),
      this.key("taken", jobId),
      this.key("triggers", key),
      this.key("queued", key),
      jobId,
      retryId,
    )) as [string, number];
    return { jobId: nextId, created: created === 1 };
  }

  /** The app's key of one kind (lock, taken, rescue...) for an issue or a job, under the queue's name. */
  key(kind: string, id: string): string {
    return `${this.prefix}:app:${kind}:${id}`;
  }
}
