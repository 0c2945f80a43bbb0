import { describe, expect, it } from "vitest";
import {
  CONFIG_HINT_TTL_MS,
  hintKey,
  MemoryConfigHints,
  NearConfigHints,
} from "../../src/config/config-hints.js";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";

const REPO = { owner: "Codertocat", repo: "Hello-World" };
const configWith = (trigger: string): RepoConfig => {
  const config = defaultRepoConfig();
  config.labels.trigger = trigger;
  return config;
};

/** Hints on a clock the test moves. */
function hints(ttlMs = 1_000, capacity = 10_000) {
  let now = 1_000_000;
  return {
    hints: new MemoryConfigHints(ttlMs, () => now, capacity),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("hintKey", () => {
  it("names a repository by owner and name, whatever their case", () => {
    expect(hintKey(REPO)).toBe("codertocat/hello-world");
    expect(hintKey({ owner: "CODERTOCAT", repo: "hello-WORLD" })).toBe(hintKey(REPO));
  });
});

describe("MemoryConfigHints", () => {
  it("knows nothing of a repository no job read", async () => {
    expect(await hints().hints.get(REPO)).toBeUndefined();
  });

  it("gives back the configuration a job read, under the repository's name in any case", async () => {
    const { hints: store } = hints();
    const config = configWith("plan-me");
    await store.set(REPO, config);
    expect(await store.get(REPO)).toEqual(config);
    expect(await store.get({ owner: "codertocat", repo: "HELLO-WORLD" })).toEqual(config);
    expect(await store.get({ owner: "Codertocat", repo: "Other" })).toBeUndefined();
  });

  it("forgets a configuration once its lifetime has passed", async () => {
    const { hints: store, advance } = hints(1_000);
    await store.set(REPO, configWith("plan-me"));
    advance(999);
    expect(await store.get(REPO)).toBeDefined();
    advance(1);
    expect(await store.get(REPO)).toBeUndefined();
  });

  it("counts the lifetime from the last time the configuration was read", async () => {
    const { hints: store, advance } = hints(1_000);
    await store.set(REPO, configWith("old"));
    advance(800);
    await store.set(REPO, configWith("new"));
    advance(800);
    expect((await store.get(REPO))?.labels.trigger).toBe("new");
  });

  it("keeps hints for ten minutes by default", async () => {
    let now = 0;
    const store = new MemoryConfigHints(undefined, () => now);
    await store.set(REPO, defaultRepoConfig());
    now = CONFIG_HINT_TTL_MS - 1;
    expect(await store.get(REPO)).toBeDefined();
    now = CONFIG_HINT_TTL_MS;
    expect(await store.get(REPO)).toBeUndefined();
    expect(CONFIG_HINT_TTL_MS).toBe(10 * 60_000);
  });

  it("forgets a repository when told its configuration is broken (set to undefined)", async () => {
    const { hints: store } = hints();
    await store.set(REPO, configWith("plan-me"));
    await store.set({ owner: "codertocat", repo: "hello-world" }, undefined);
    expect(await store.get(REPO)).toBeUndefined();
  });

  it("forgets the repository set longest ago when it holds more than its capacity", async () => {
    const { hints: store } = hints(60_000, 2);
    const repo = (name: string) => ({ owner: "o", repo: name });
    await store.set(repo("a"), configWith("a"));
    await store.set(repo("b"), configWith("b"));
    await store.set(repo("c"), configWith("c"));
    expect(await store.get(repo("a"))).toBeUndefined();
    expect((await store.get(repo("b")))?.labels.trigger).toBe("b");
    expect((await store.get(repo("c")))?.labels.trigger).toBe("c");
  });

  it("counts a repository set again as the newest when choosing which to forget", async () => {
    const { hints: store } = hints(60_000, 2);
    const repo = (name: string) => ({ owner: "o", repo: name });
    await store.set(repo("a"), configWith("a"));
    await store.set(repo("b"), configWith("b"));
    await store.set(repo("A"), configWith("a again"));
    await store.set(repo("c"), configWith("c"));
    expect((await store.get(repo("a")))?.labels.trigger).toBe("a again");
    expect(await store.get(repo("b"))).toBeUndefined();
    expect((await store.get(repo("c")))?.labels.trigger).toBe("c");
  });
});

describe("NearConfigHints", () => {
  const repo = { owner: "Acme", repo: "Web" };

  /** A far store that counts its reads. */
  function far() {
    const store = new MemoryConfigHints();
    let reads = 0;
    return {
      store,
      reads: () => reads,
      hints: {
        get: async (key: { owner: string; repo: string }) => {
          reads += 1;
          return store.get(key);
        },
        set: (key: { owner: string; repo: string }, config: RepoConfig | undefined) => store.set(key, config),
      },
    };
  }

  it("asks the shared store once per repository within its time, whether it found a hint or not", async () => {
    let now = 0;
    const shared = far();
    const near = new NearConfigHints(shared.hints, 5_000, () => now);
    expect(await near.get(repo)).toBeUndefined();
    await shared.store.set(repo, defaultRepoConfig());
    expect(await near.get({ owner: "acme", repo: "web" })).toBeUndefined();
    expect(shared.reads()).toBe(1);
    now = 5_000;
    expect(await near.get(repo)).toEqual(defaultRepoConfig());
    expect(shared.reads()).toBe(2);
  });

  it("sees its own process's writes at once, and writes them through", async () => {
    const shared = far();
    const near = new NearConfigHints(shared.hints, 5_000, () => 0);
    expect(await near.get(repo)).toBeUndefined();
    await near.set(repo, defaultRepoConfig());
    expect(await near.get(repo)).toEqual(defaultRepoConfig());
    expect(await shared.store.get(repo)).toEqual(defaultRepoConfig());
    await near.set(repo, undefined);
    expect(await near.get(repo)).toBeUndefined();
    expect(await shared.store.get(repo)).toBeUndefined();
    expect(shared.reads()).toBe(1);
  });
});
