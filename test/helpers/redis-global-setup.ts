// The fast suite's Redis: one redis-server of its own on a spare port for the whole run, started before the first
// test file and stopped after the last, so the suite depends on no Redis the machine may or may not be running.
// TEST_REDIS_URL points the suite at another server instead (it must be one the tests may write to).
import type { TestProject } from "vitest/node";
import { OwnRedis } from "../bed/redis-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_REDIS_URL;
  if (given) {
    project.provide("redisUrl", given);
    return async () => {};
  }
  const redis = new OwnRedis({ persist: false });
  await redis.start();
  project.provide("redisUrl", redis.url);
  return () => redis.destroy();
}
