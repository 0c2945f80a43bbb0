// Every process hears, through the queue's event stream, of every job a stalled check moves back to waiting
// (whichever process's check moved it), and one with a slot to lend claims it in Redis: the first claim wins, so
// a job taken over is lent one slot in the cluster, by a process that has one free. Lending only in the process
// whose check moved the job left jobs waiting for a regular slot while other processes had lent slots free.
import { QueueEvents, QueueKeys } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createRedis } from "../redis/create-redis.js";
import type { RescueSlots } from "./rescue-slots.js";

export interface RescueClaimOptions {
  url: string;
  /** The queue's name. */
  name: string;
  /** The key of a job's claim, in the app's namespace. */
  claimKey: (jobId: string) => string;
  /**
   * How long a claim is kept: long enough for every process to have heard of the move, shorter than a job's
   * lock, so the same job taken over again (after it resumed and its lock lapsed) can be claimed again.
   */
  claimMs: number;
  log: Logger;
}

export interface TakeoverListener {
  /**
   * Resolves once the listener's place in the event stream is fixed: every job moved back after it resolves is
   * heard (the stream is read from its last event at that moment, not from whenever the blocking read starts).
   */
  ready: Promise<void>;
  close: () => Promise<void>;
}

/** Listens for jobs moved back to waiting and lends a slot when this process wins the claim. */
export function listenForTakeovers(
  options: RescueClaimOptions,
  slots: RescueSlots,
  redis: Redis,
  closed: () => boolean,
): TakeoverListener {
  const { log } = options;
  // One claim at a time: every process tries the jobs of a dead worker in the same order, and one that loses the
  // first must still be free to claim the next (a claim in flight holds its slot).
  let claims = Promise.resolve();
  const claimOne = async (jobId: string) => {
    if (closed()) return;
    const claim = async () =>
      (await redis.set(options.claimKey(jobId), "1", "PX", options.claimMs, "NX")) === "OK";
    try {
      if (await slots.lendIf(claim))
        log.info({ jobId }, "a slot is lent to a plan job taken over from a dead worker");
    } catch (error) {
      log.warn({ err: error, jobId }, "could not claim a taken-over job: it waits for a regular slot");
    }
  };
  // The event stream is read with a blocking command: a connection of its own, which waits for Redis (a
  // process started while Redis is down lends slots once it is back).
  const connection = createRedis(options.url, "patient");
  let events: QueueEvents | undefined;
  let stopped = false;
  const ready = lastEventId(connection, options.name).then((from) => {
    if (stopped) return;
    events = new QueueEvents(options.name, { connection, lastEventId: from });
    events.on("error", (error: Error) => log.warn({ err: error }, "queue event stream error"));
    events.on("stalled", ({ jobId }) => {
      claims = claims.then(() => claimOne(jobId));
    });
  });
  ready.catch((error: unknown) => {
    if (!stopped)
      log.warn(
        { err: error },
        "could not read the queue's event stream: this process lends no slot to takeovers",
      );
  });
  return {
    ready,
    close: async () => {
      stopped = true;
      if (events) await events.close();
      connection.disconnect();
    },
  };
}

/** The id of the stream's last event ("0-0" while it is empty): reading after it misses nothing written later. */
async function lastEventId(redis: Redis, name: string): Promise<string> {
  const last = await redis.xrevrange(new QueueKeys().toKey(name, "events"), "+", "-", "COUNT", 1);
  return last[0]?.[0] ?? "0-0";
}
