// The durable queue (REDIS_URL set): BullMQ holds the jobs, so webhook servers and workers scale separately and
// a restart loses nothing. Per-issue coalescing, one running job per issue, retries and takeover after a crash
// are kept by the scripts in redis-queue-scripts.ts; BullMQ moves a crashed worker's job back to waiting once
// its lock lapses, and the next worker finds the requests the crashed one had taken.
import { EventEmitter, once } from "node:events";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createRedis } from "../redis/create-redis.js";
import { closeWorkers, withTimeout } from "./close-workers.js";
import { lockSettings } from "./lock-settings.js";
import { mergeAll } from "./merge-triggers.js";
import {
  type EnqueueOutcome,
  type JobAttempt,
  type PlanProcessor,
  type PlanQueue,
  QueueClosedError,
  type QueueHealth,
  type QueueSettings,
  type QueueStats,
  QueueUnavailableError,
  RetryLaterError,
} from "./plan-queue.js";
import { jobKey, type PlanRequest, planRequestSchema } from "./plan-request.js";
import { IssueScripts } from "./redis-queue-scripts.js";
import { listenForTakeovers } from "./rescue-claims.js";
import { RescueSlots } from "./rescue-slots.js";
import { retryDelay } from "./retry-delay.js";

export interface RedisQueueOptions extends QueueSettings {
  url: string;
  /** Queue name; also namespaces the app's own keys. */
  name: string;
  log: Logger;
  /**
   * The longest a dead worker keeps what it held: its job (BullMQ's lock and stalled check), the issue's
   * running record and its model slots all lapse within this, and the job is taken over.
   */
  takeoverMs?: number;
  /** Takeovers after which a job is reported instead of run again (STOPPED_LIMIT by default). */
  stoppedLimit?: number;
}

interface JobData {
  key: string;
  owner: string;
  repo: string;
  issueNumber: number;
  deliveryId: string;
  /** From 1; a retry carries the next number. */
  attempt: number;
}

// Redeliveries are possible for a few days; completed jobs are kept as long, so re-adding one is a no-op too.
const DELIVERY_TTL_S = 3 * 24 * 3600;
// How long a webhook waits for a Redis connection being (re)established before it is answered 503.
const CONNECT_WAIT_MS = 2_000;
// While another job of the issue runs, a job looks again after this long.
const BUSY_RECHECK_MS = 2_000;
const DEFAULT_TAKEOVER_MS = 30_000;
/**
 * The order jobs start in. BullMQ moves a dead worker's job to the head of its wait list, which workers empty
 * before any prioritised job: a taken-over job starts first. Every other job is prioritised, so a retry (whose
 * delay is over) starts before the jobs still waiting for their first attempt instead of behind all of them,
 * which a plain delayed job would be (BullMQ queues a delayed job at the tail when its delay ends).
 */
const RETRY_PRIORITY = 1;
const FIRST_PRIORITY = 2;
/**
 * A job taken over this many times (its workers died while running it) is reported on the issue instead of run
 * again. BullMQ's own limit is set above it: BullMQ fails a job past its limit without running the processor, so
 * the issue would hear nothing.
 */
const STOPPED_LIMIT = 20;

export class RedisQueue implements PlanQueue {
  readonly kind = "redis";
  readonly #options: RedisQueueOptions;
  readonly #redis: Redis;
  readonly #scripts: IssueScripts;
  readonly #queue: Queue<JobData>;
  readonly #active = new Map<
    string,
    { job: Job<JobData>; token: string; request?: PlanRequest; abort: AbortController }
  >();
  /** Jobs given back to the queue at shutdown: whatever their processor does next must not touch their keys. */
  readonly #handedBack = new Set<string>();
  readonly #locks: ReturnType<typeof lockSettings>;
  #worker: Worker<JobData> | undefined;
  /** The worker of the slots lent to jobs taken over from dead workers (see start). */
  #rescue: Worker<JobData> | undefined;
  /** Hears of the jobs taken over anywhere in the cluster (rescue-claims.ts). */
  #takeovers: { close: () => Promise<void> } | undefined;
  #closed = false;
  /** Emits "ended" each time a running job ends (the shutdown waits on it). */
  readonly #jobEnded = new EventEmitter();

  constructor(options: RedisQueueOptions) {
    this.#options = options;
    this.#locks = lockSettings(options.takeoverMs ?? DEFAULT_TAKEOVER_MS);
    this.#redis = createRedis(options.url, "fail-fast");
    // Errors surface on the commands that fail; the client reconnects by itself.
    this.#redis.on("error", (error: Error) => options.log.debug({ err: error }, "redis connection error"));
    this.#scripts = new IssueScripts(this.#redis, options.name);
    // BullMQ's own connection queues commands while reconnecting (it checks the server at start); adds are
    // bounded by a timeout instead, so a webhook never waits long for a Redis that is down.
    this.#queue = new Queue<JobData>(options.name, {
      connection: createRedis(options.url, "patient"),
      defaultJobOptions: {
        attempts: 1,
        removeOnComplete: { age: DELIVERY_TTL_S, count: 50_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.#queue.on("error", (error: Error) => options.log.debug({ err: error }, "queue connection error"));
  }

  async enqueue(request: PlanRequest): Promise<EnqueueOutcome> {
    if (this.#closed) throw new QueueClosedError();
    const key = jobKey(request);
    const candidate = jobIdFor(request);
    try {
      await this.#ready();
      const { fresh, jobId, created } = await this.#scripts.enqueue(
        key,
        request.deliveryId,
        JSON.stringify(request),
        DELIVERY_TTL_S,
        candidate,
      );
      // Always (re)add the issue's queued job: adding an existing id is a no-op, and a job whose add was cut
      // short by a failure is created by the redelivery.
      if (jobId) await this.#add(jobId, request, 1, created ? this.#options.settleMs : 0);
      if (!fresh) return "duplicate";
      return created ? "queued" : "coalesced";
    } catch (error) {
      throw new QueueUnavailableError(
        `The job queue (Redis) is unavailable, so the webhook was not accepted; GitHub can redeliver it: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  start(processor: PlanProcessor): void {
    const { log } = this.#options;
    this.#worker = this.#newWorker(this.#options.concurrency, true, (job, token) =>
      this.#process(job, token, processor),
    );
    // Slots lent to the jobs this process takes over from dead workers (rescue-slots.ts).
    const slots = new RescueSlots(this.#options.concurrency);
    const rescue = this.#newWorker(1, false, (job, token) =>
      slots.run(() => this.#process(job, token, processor)),
    );
    slots.attach(rescue);
    this.#rescue = rescue;
    this.#takeovers = listenForTakeovers(
      {
        url: this.#options.url,
        name: this.#options.name,
        claimKey: (jobId) => this.#scripts.key("rescue", jobId),
        claimMs: this.#locks.lockDuration,
        log,
      },
      slots,
      this.#redis,
      () => this.#closed,
    );
    for (const worker of [this.#worker, rescue]) {
      worker.on("error", (error: Error) => log.warn({ err: error }, "queue worker error"));
      worker.on("stalled", (jobId: string) =>
        log.warn({ jobId }, "a worker stopped answering: its plan job is taken over"),
      );
    }
  }

  #newWorker(
    concurrency: number,
    autorun: boolean,
    run: (job: Job<JobData>, token: string) => Promise<string>,
  ): Worker<JobData> {
    const { url, name } = this.#options;
    // A client passed to BullMQ stays the caller's: it is closed with the worker.
    const connection = createRedis(url, "patient");
    const worker = new Worker<JobData>(name, (job, token) => run(job, token ?? ""), {
      connection,
      concurrency,
      autorun,
      lockDuration: this.#locks.lockDuration,
      stalledInterval: this.#locks.stalledInterval,
      // A job is handed back to waiting when its worker dies; one that keeps stopping them is reported (#process).
      maxStalledCount: (this.#options.stoppedLimit ?? STOPPED_LIMIT) + 5,
    });
    worker.once("closed", () => connection.disconnect());
    return worker;
  }

  async stats(): Promise<QueueStats> {
    const counts = await this.#queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  async health(): Promise<QueueHealth> {
    if (this.#closed) return { ok: false, detail: "closing" };
    try {
      await this.#ready();
      await withTimeout(this.#redis.ping(), 1_000);
      return { ok: true, detail: "redis ready" };
    } catch (error) {
      return { ok: false, detail: `redis ${this.#redis.status}: ${(error as Error).message}` };
    }
  }

  async close(timeoutMs: number): Promise<PlanRequest[]> {
    this.#closed = true;
    const takeovers = this.#takeovers;
    await closeWorkers(
      {
        workers: [this.#worker, this.#rescue].filter((worker) => worker !== undefined),
        running: () => this.#active.size,
        jobEnded: async () => {
          await once(this.#jobEnded, "ended");
        },
        handBack: () => this.#handBackActive(),
        connections: [
          ...(takeovers ? [{ name: "the queue's event stream", close: () => takeovers.close() }] : []),
          { name: "the queue", close: () => this.#queue.close() },
        ],
        log: this.#options.log,
      },
      timeoutMs,
    );
    this.#redis.disconnect();
    // Jobs are durable in Redis: none is lost by this process stopping, so none is reported unfinished.
    return [];
  }

  /**
   * Removes every job and key of this queue, then closes it: for a queue no worker reads, under a name no
   * deployment's queue can have (the server's warm-up queue: runtime.ts).
   */
  async discard(timeoutMs = CONNECT_WAIT_MS): Promise<void> {
    this.#closed = true;
    try {
      await withTimeout(this.#removeAll(), timeoutMs);
    } finally {
      await this.close(0);
    }
  }

  async #removeAll(): Promise<void> {
    await this.#queue.obliterate({ force: true });
    const keys = this.#redis.scanStream({ match: this.#scripts.key("*", "*"), count: 1_000 });
    for await (const batch of keys as AsyncIterable<string[]>)
      if (batch.length > 0) await this.#redis.unlink(batch);
  }

  /** Gives the jobs still running back to the durable queue: another worker takes them at once. */
  async #handBackActive(): Promise<number> {
    const handedBack: string[] = [];
    for (const [jobId, { job, token, abort }] of this.#active) {
      this.#handedBack.add(jobId);
      abort.abort();
      await job
        .moveToWait(token)
        .catch((error: unknown) =>
          this.#options.log.warn(
            { err: error, jobId },
            "could not hand the job back at shutdown: another worker takes it over when its lock lapses",
          ),
        );
      handedBack.push(jobId);
    }
    if (handedBack.length > 0)
      this.#options.log.warn(
        { jobIds: handedBack },
        "running plan jobs handed back to the queue at shutdown",
      );
    return handedBack.length;
  }

  /** Takes the issue's requests for this job (or looks again later while another job of the issue runs). */
  async #process(job: Job<JobData>, token: string, processor: PlanProcessor): Promise<string> {
    const { log } = this.#options;
    const jobId = job.id ?? "";
    const { key } = job.data;
    const taken = await this.#scripts.take(key, jobId, this.#locks.issueLockMs);
    if (taken.kind === "busy") {
      // Another job of this issue runs: look again shortly (this job stays the one new triggers merge into).
      await job.moveToDelayed(Date.now() + BUSY_RECHECK_MS, token);
      throw new DelayedError();
    }
    if (taken.rerun) log.info({ jobId, attempt: job.data.attempt }, "a plan job taken over resumes");
    const request = mergeAll(
      taken.requests.flatMap((raw) => {
        const parsed = planRequestSchema.safeParse(JSON.parse(raw));
        if (!parsed.success)
          log.error({ jobId, problems: parsed.error.issues }, "unreadable plan request dropped");
        return parsed.success ? [parsed.data] : [];
      }),
    );
    if (!request) {
      await this.#scripts.finish(key, jobId);
      return "nothing to do";
    }
    return this.#run(job, token, request, taken.rerun, processor);
  }

  /** Runs the job's requests while renewing the issue's running record; a failure is retried or reported. */
  async #run(
    job: Job<JobData>,
    token: string,
    request: PlanRequest,
    rerun: boolean,
    processor: PlanProcessor,
  ): Promise<string> {
    const { log } = this.#options;
    const jobId = job.id ?? "";
    const { key } = job.data;
    const lockMs = this.#locks.issueLockMs;
    const abort = new AbortController();
    this.#active.set(jobId, { job, token, request, abort });
    const heartbeat = setInterval(() => {
      this.#scripts
        .heartbeat(key, jobId, lockMs)
        .catch((error: unknown) =>
          log.warn({ err: error, jobId }, "could not renew the issue's running record; it may lapse early"),
        );
    }, this.#locks.heartbeatMs);
    const attempt = this.#attemptOf(job, rerun, abort.signal);
    try {
      await processor(request, attempt);
      if (this.#handedBack.has(jobId)) return "handed back";
      await this.#scripts.finish(key, jobId);
      return "done";
    } catch (error) {
      if (this.#handedBack.has(jobId)) return "handed back";
      return await this.#failed(job, request, attempt, error);
    } finally {
      clearInterval(heartbeat);
      this.#active.delete(jobId);
      this.#jobEnded.emit("ended");
    }
  }

  /** The attempt a job runs as: its last when it was stopped too often (then reported, not run). */
  #attemptOf(job: Job<JobData>, rerun: boolean, signal: AbortSignal): JobAttempt {
    const stopped = job.stalledCounter >= (this.#options.stoppedLimit ?? STOPPED_LIMIT);
    if (stopped)
      this.#options.log.error(
        { jobId: job.id, stopped: job.stalledCounter },
        "plan job stopped too often: reported, not run",
      );
    return {
      number: job.data.attempt,
      final: stopped || job.data.attempt >= this.#options.attempts,
      rerun: rerun || job.data.attempt > 1,
      signal,
      ...(stopped ? { stoppedTimes: job.stalledCounter } : {}),
    };
  }

  /** A failed attempt: the last one ends the job; any other puts its requests back for a retry after a delay. */
  async #failed(
    job: Job<JobData>,
    request: PlanRequest,
    attempt: JobAttempt,
    error: unknown,
  ): Promise<string> {
    const { log } = this.#options;
    const jobId = job.id ?? "";
    const { key } = job.data;
    const context = { err: error, jobId, deliveryId: request.deliveryId, attempt: attempt.number };
    if (attempt.final) {
      log.error(context, "plan job failed on its last attempt");
      await this.#scripts.finish(key, jobId);
      throw error;
    }
    const retryAfterMs = error instanceof RetryLaterError ? error.retryAfterMs : undefined;
    const delay = retryDelay(attempt.number, this.#options.backoff, retryAfterMs);
    const next = await this.#scripts.requeue(key, jobId, `${baseJobId(jobId)}~a${attempt.number + 1}`);
    if (next.created) await this.#add(next.jobId, request, attempt.number + 1, delay);
    log.warn({ ...context, delayMs: delay, retryJobId: next.jobId }, "plan job will be retried");
    return "retry scheduled";
  }

  /** Waits briefly for a connection being (re)established; commands are not queued while it is down. */
  async #ready(): Promise<void> {
    if (this.#redis.status === "ready") return;
    await withTimeout(
      new Promise<void>((resolve) => this.#redis.once("ready", () => resolve())),
      CONNECT_WAIT_MS,
    );
  }

  async #add(jobId: string, request: PlanRequest, attempt: number, delay: number): Promise<void> {
    const data: JobData = {
      key: jobKey(request),
      owner: request.owner,
      repo: request.repo,
      issueNumber: request.issueNumber,
      deliveryId: request.deliveryId,
      attempt,
    };
    // A retry comes before the issues still waiting for their first attempt: it has waited once already.
    const priority = attempt > 1 ? RETRY_PRIORITY : FIRST_PRIORITY;
    await withTimeout(
      this.#queue.add("plan", data, { jobId, priority, ...(delay > 0 ? { delay } : {}) }),
      CONNECT_WAIT_MS,
    );
  }
}

/** The job id of a trigger: repository, issue and delivery id, so a redelivered webhook adds nothing. */
function jobIdFor(request: PlanRequest): string {
  return `${jobKey(request)}~${request.deliveryId}`.replace(/[:\s]/g, "~");
}

function baseJobId(jobId: string): string {
  return jobId.replace(/~a\d+$/, "");
}
