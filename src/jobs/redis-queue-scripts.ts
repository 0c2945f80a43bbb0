// The Redis side of the queue's job semantics, as atomic scripts over per-issue keys:
//   triggers:<issue>  list of plan requests not yet taken by a job
//   queued:<issue>    id of the job that has not started yet (new triggers merge into it)
//   lock:<issue>      id of the running job (one at a time; lapses if its worker dies)
//   taken:<job>       the requests a job took; kept until it ends, so a job taken over after a crash has them
//   delivery:<id>     a webhook delivery already accepted (redeliveries are no-ops)

/** KEYS: delivery, triggers, queued. ARGV: request JSON, delivery TTL (s), candidate job id. */
export const ENQUEUE = `
local fresh = redis.call('SET', KEYS[1], ARGV[3], 'NX', 'EX', ARGV[2])
if fresh then redis.call('RPUSH', KEYS[2], ARGV[1]) end
local queued = redis.call('GET', KEYS[3])
if queued then return {fresh and 1 or 0, queued, 0} end
if redis.call('LLEN', KEYS[2]) == 0 then return {fresh and 1 or 0, false, 0} end
redis.call('SET', KEYS[3], ARGV[3])
return {fresh and 1 or 0, ARGV[3], 1}
`;

/** KEYS: lock, queued, triggers, taken. ARGV: job id, lock ms. Returns {0} when another job holds the issue. */
export const TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return {0} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
local rerun = redis.call('EXISTS', KEYS[4])
while redis.call('LMOVE', KEYS[3], KEYS[4], 'LEFT', 'RIGHT') do end
return {1, rerun, redis.call('LRANGE', KEYS[4], 0, -1)}
`;

/** KEYS: lock. ARGV: job id, lock ms. Extends the lock while its job runs. */
export const HEARTBEAT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: lock, taken. ARGV: job id. The job ended: its requests are done and the issue is free. */
export const FINISH = `
redis.call('DEL', KEYS[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/**
 * KEYS: lock, taken, triggers, queued. ARGV: job id, retry job id.
 * The job failed for a passing reason: its requests go back in front of the newer ones and the issue
 * gets a job to run them (the retry, or a follow-up already queued, which then plans with all of them).
 */
export const REQUEUE = `
local taken = redis.call('LRANGE', KEYS[2], 0, -1)
for i = #taken, 1, -1 do redis.call('LPUSH', KEYS[3], taken[i]) end
redis.call('DEL', KEYS[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local queued = redis.call('GET', KEYS[4])
if queued then return {queued, 0} end
redis.call('SET', KEYS[4], ARGV[2])
return {ARGV[2], 1}
`;
