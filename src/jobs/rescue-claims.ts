// Every process hears, through the queue's event stream, of every job a stalled check moves back to waiting
// (whichever process's check moved it), and one with a slot to lend claims it in Redis: the first claim wins, so
// a job taken over is lent one slot in the cluster, by a process that has one free. Lending only in the process
// whose check moved the job left jobs waiting for a regular slot while other processes had lent slots free.
import { QueueEvents } from "bullmq";
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

/** Listens for jobs moved back to waiting and lends a slot when this process wins the claim. */
export function listenForTakeovers(
  options: RescueClaimOptions,
  slots: RescueSlots,
  redis: Redis,
  closed: () => boolean,
): { close: () => Promise<void> } {
  const { log } = options;
  // The event stream is read with a blocking command: a connection of its own.
  const connection = createRedis(options.url, "patient");
  const events = new QueueEvents(options.name, { connection });
  events.on("error", (error: Error) => log.warn({ err: error }, "queue event stream error"));
  // One claim at a time: every process tries the jobs of a dead worker in the same order, and one that loses the
  // first must still be free to claim the next (a claim in flight holds its slot).
  let claims = Promise.resolve();
  events.on("stalled", ({ jobId }) => {
    claims = claims.then(() => claimOne(jobId));
  });
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
  return {
    close: async () => {
      await events.close();
      connection.disconnect();
    },
  };
}
