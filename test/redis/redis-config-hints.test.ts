import { afterAll, describe, expect, it, vi } from "vitest";
import { CONFIG_HINT_TTL_MS } from "../../src/config/config-hints.js";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { RedisConfigHints } from "../../src/redis/redis-config-hints.js";
import { testRedis } from "../helpers/redis.js";

const shared = testRedis();
afterAll(() => shared.cleanup());

const REPO = { owner: "Codertocat", repo: "Hello-World" };
const KEY = `${shared.prefix}:config-hint:codertocat/hello-world`;
let repos = 0;
/** A repository of its own for each test, so the tests share no keys. */
const freshRepo = () => ({ owner: "Codertocat", repo: `Repo-${++repos}` });
const keyOf = (repo: { owner: string; repo: string }) =>
  `${shared.prefix}:config-hint:${repo.owner}/${repo.repo}`.toLowerCase();
const configWith = (trigger: string): RepoConfig => {
  const config = defaultRepoConfig();
  config.labels.trigger = trigger;
  config.labels.exclude = ["wip"];
  return config;
};

describe("RedisConfigHints", () => {
  it("gives back the configuration set, under the repository's name in any case", async () => {
    const hints = new RedisConfigHints(shared.redis, shared.prefix);
    const config = configWith("plan-me");
    await hints.set(REPO, config);
    expect(await hints.get(REPO)).toEqual(config);
    expect(await hints.get({ owner: "CODERTOCAT", repo: "hello-world" })).toEqual(config);
    expect(await shared.redis.exists(KEY)).toBe(1);
  });

  it("serves every process that shares the Redis and the prefix, and none under another prefix", async () => {
    const repo = freshRepo();
    await new RedisConfigHints(shared.redis, shared.prefix).set(repo, configWith("plan-me"));
    expect((await new RedisConfigHints(shared.redis, shared.prefix).get(repo))?.labels.trigger).toBe(
      "plan-me",
    );
    expect(await new RedisConfigHints(shared.redis, `${shared.prefix}-other`).get(repo)).toBeUndefined();
  });

  it("knows nothing of a repository no job read", async () => {
    expect(await new RedisConfigHints(shared.redis, shared.prefix).get(freshRepo())).toBeUndefined();
  });

  it("stores each hint with the lifetime given, ten minutes by default", async () => {
    const repo = freshRepo();
    await new RedisConfigHints(shared.redis, shared.prefix).set(repo, configWith("a"));
    const ttl = await shared.redis.pttl(keyOf(repo));
    expect(ttl).toBeGreaterThan(CONFIG_HINT_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(CONFIG_HINT_TTL_MS);

    const short = freshRepo();
    await new RedisConfigHints(shared.redis, shared.prefix, 5_000).set(short, configWith("b"));
    const shortTtl = await shared.redis.pttl(keyOf(short));
    expect(shortTtl).toBeGreaterThan(0);
    expect(shortTtl).toBeLessThanOrEqual(5_000);
  });

  it("forgets a hint once its lifetime has passed", async () => {
    const repo = freshRepo();
    const hints = new RedisConfigHints(shared.redis, shared.prefix, 50);
    await hints.set(repo, configWith("plan-me"));
    await vi.waitFor(async () => expect(await hints.get(repo)).toBeUndefined(), {
      timeout: 5_000,
      interval: 20,
    });
    expect(await shared.redis.exists(keyOf(repo))).toBe(0);
  });

  it("deletes the hint when told the configuration is broken (set to undefined)", async () => {
    const repo = freshRepo();
    const hints = new RedisConfigHints(shared.redis, shared.prefix);
    await hints.set(repo, configWith("plan-me"));
    await hints.set({ owner: repo.owner.toUpperCase(), repo: repo.repo }, undefined);
    expect(await shared.redis.exists(keyOf(repo))).toBe(0);
    expect(await hints.get(repo)).toBeUndefined();
  });

  it("reads a stored value that is not JSON as no hint", async () => {
    const repo = freshRepo();
    await shared.redis.set(keyOf(repo), "{not json", "PX", 60_000);
    expect(await new RedisConfigHints(shared.redis, shared.prefix).get(repo)).toBeUndefined();
  });

  it("reads a stored value that is not a valid configuration as no hint", async () => {
    const repo = freshRepo();
    const hints = new RedisConfigHints(shared.redis, shared.prefix);
    for (const value of [
      JSON.stringify({ labels: { trigger: 42 } }),
      JSON.stringify("needs-plan"),
      "null",
      JSON.stringify({
        ...defaultRepoConfig(),
        permissions: { minimum: "superuser", users: [], associations: [] },
      }),
    ]) {
      await shared.redis.set(keyOf(repo), value, "PX", 60_000);
      expect(await hints.get(repo)).toBeUndefined();
    }
  });
});
