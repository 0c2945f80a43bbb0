import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openGitHubSnapshot } from "../../src/repo/github-snapshot.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";
import { githubTarball } from "../helpers/make-tarball.js";

const API = "https://api.github.com";
const SHA = "0123456789abcdef0123456789abcdef01234567";
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "ghs_test" } });
const log = pino({ level: "silent" });
const limits = { maxTotalBytes: 1_000_000, maxFiles: 100, maxFileBytes: 100_000 };
const root = mkdtempSync(join(tmpdir(), "snapshot-cache-"));

function mockCommit() {
  return nock(API)
    .get("/repos/acme/web/commits/main")
    .matchHeader("accept", "application/vnd.github.sha")
    .reply(200, `${SHA}`, { "content-type": "application/vnd.github.sha; charset=utf-8" });
}

function mockTarball(files: Record<string, string>) {
  return [
    nock(API)
      .get(`/repos/acme/web/tarball/${SHA}`)
      .reply(302, "", { location: `https://codeload.github.com/acme/web/legacy.tar.gz/${SHA}` }),
    nock("https://codeload.github.com")
      .get(`/acme/web/legacy.tar.gz/${SHA}`)
      .reply(200, githubTarball(files, `acme-web-${SHA.slice(0, 7)}`), {
        "content-type": "application/x-gzip",
      }),
  ];
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("openGitHubSnapshot", () => {
  it("downloads one tarball per commit and serves the second plan from the cache", async () => {
    const cache = new SnapshotCache(join(root, "a"), 50_000_000);
    const scopes = [
      mockCommit(),
      ...mockTarball({ "package.json": '{"name":"web"}', "src/index.ts": "export {};\n" }),
    ];
    const first = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    expect(first).toMatchObject({ commit: SHA, source: "tarball", partial: false });
    expect(await first.listFiles()).toEqual([
      { path: "package.json", size: 14 },
      { path: "src/index.ts", size: 11 },
    ]);
    expect(await first.readFile("package.json")).toBe('{"name":"web"}');
    expect(await first.readFile("../../etc/passwd")).toBeUndefined();
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    // Saved off the first plan's path.
    expect((await cache.saved({ owner: "acme", repo: "web", commit: SHA }))?.files).toHaveLength(2);

    const again = mockCommit();
    const second = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    expect(again.isDone()).toBe(true);
    expect(second.source).toBe("cache");
    expect(await second.readFile("src/index.ts")).toBe("export {};\n");
  });

  it("serves a fresh download's readable texts from memory, never binaries or lockfiles", async () => {
    const cache = new SnapshotCache(join(root, "kept"), 50_000_000);
    mockCommit();
    mockTarball({ "src/index.ts": "export {};\n", "package-lock.json": "{}", "logo.png": "png" });
    const snapshot = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    // The folder gone (the cache evicted it), the texts read into memory are still served.
    await cache.saved({ owner: "acme", repo: "web", commit: SHA });
    rmSync(join(root, "kept"), { recursive: true, force: true });
    expect(await snapshot.readFile("src/index.ts")).toBe("export {};\n");
    expect(await snapshot.readFile("package-lock.json")).toBeUndefined();
    expect(await snapshot.readFile("logo.png")).toBeUndefined();
  });

  it("downloads a commit once for jobs that ask for it at the same time", async () => {
    const cache = new SnapshotCache(join(root, "shared"), 50_000_000);
    const tarball = mockTarball({ "src/index.ts": "export {};\n" });
    const open = () =>
      openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
        cache,
        limits,
        log,
        knownCommit: SHA,
      });
    const [one, two] = await Promise.all([open(), open()]);
    for (const scope of tarball) expect(scope.isDone()).toBe(true);
    expect(await one.readFile("src/index.ts")).toBe("export {};\n");
    expect(await two.readFile("src/index.ts")).toBe("export {};\n");
  });

  it("keeps the cache its owner's only and never writes secret files to it", async () => {
    const cacheRoot = join(root, "private");
    // An older version left the root world-readable.
    mkdirSync(cacheRoot, { mode: 0o755 });
    const cache = new SnapshotCache(cacheRoot, 50_000_000);
    mockCommit();
    mockTarball({
      ".env": "DATABASE_PASSWORD=hunter2hunter2\n",
      "config/master.key": "k",
      "src/a.ts": "1\n",
    });
    const snapshot = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    expect((await snapshot.listFiles()).map((file) => file.path).sort()).toEqual([
      ".env",
      "config/master.key",
      "src/a.ts",
    ]);
    expect(await snapshot.readFile(".env")).toBeUndefined();
    await cache.saved({ owner: "acme", repo: "web", commit: SHA });
    const commitDir = join(cacheRoot, "acme", "web", SHA);
    expect(readdirSync(commitDir).sort()).toEqual([".issue-planner-manifest.json", "src"]);
    for (const dir of [cacheRoot, join(cacheRoot, "acme"), join(cacheRoot, "acme", "web"), commitDir])
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
    for (const file of [join(commitDir, "src/a.ts"), join(commitDir, ".issue-planner-manifest.json")])
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
  });

  it("downloads again a cached commit whose manifest it cannot read", async () => {
    const cacheRoot = join(root, "stale");
    const commitDir = join(cacheRoot, "acme", "web", SHA);
    mkdirSync(commitDir, { recursive: true });
    writeFileSync(join(commitDir, ".issue-planner-manifest.json"), '{"files":[{"path":"a","skipped":true}]}');
    const scopes = [mockCommit(), ...mockTarball({ "src/b.ts": "2\n" })];
    const snapshot = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache: new SnapshotCache(cacheRoot, 50_000_000),
      limits,
      log,
    });
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(snapshot.source).toBe("tarball");
    expect(await snapshot.readFile("src/b.ts")).toBe("2\n");
  });

  it("lists a repository above the caps through the trees API, walking subtrees when the tree is truncated", async () => {
    const cache = new SnapshotCache(join(root, "b"), 50_000_000);
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`src/f${i}.ts`, "x"]));
    const scopes = [
      mockCommit(),
      ...mockTarball(many),
      nock(API)
        .get(`/repos/acme/web/git/trees/${SHA}`)
        .query({ recursive: "true" })
        .reply(200, { sha: SHA, truncated: true, tree: [] })
        .get(`/repos/acme/web/git/trees/${SHA}`)
        .reply(200, {
          sha: SHA,
          truncated: false,
          tree: [
            { path: "package.json", type: "blob", size: 14, sha: "p1" },
            { path: "src", type: "tree", sha: "t1" },
          ],
        })
        .get("/repos/acme/web/git/trees/t1")
        .query({ recursive: "true" })
        .reply(200, {
          sha: "t1",
          truncated: false,
          tree: [{ path: "f0.ts", type: "blob", size: 1, sha: "b0" }],
        })
        .get("/repos/acme/web/contents/src%2Ff0.ts")
        .query({ ref: SHA })
        .reply(200, "x", { "content-type": "application/vnd.github.raw; charset=utf-8" }),
    ];
    const snapshot = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    expect(snapshot).toMatchObject({ source: "trees", partial: false });
    expect(await snapshot.listFiles()).toEqual([
      { path: "package.json", size: 14 },
      { path: "src/f0.ts", size: 1 },
    ]);
    expect(await snapshot.readFile("src/f0.ts")).toBe("x");
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
  });

  it("evicts the least recently used commits when the cache is over its cap", async () => {
    const cache = new SnapshotCache(join(root, "c"), 30);
    mockCommit();
    mockTarball({ "a.txt": "a".repeat(20) });
    await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", { cache, limits, log });
    await cache.saved({ owner: "acme", repo: "web", commit: SHA });
    nock(API)
      .get("/repos/acme/web/commits/dev")
      .reply(200, "f".repeat(40), { "content-type": "application/vnd.github.sha; charset=utf-8" });
    nock(API)
      .get(`/repos/acme/web/tarball/${"f".repeat(40)}`)
      .reply(200, githubTarball({ "b.txt": "b".repeat(20) }), { "content-type": "application/x-gzip" });
    await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "dev", { cache, limits, log });
    await cache.saved({ owner: "acme", repo: "web", commit: "f".repeat(40) });
    // The older commit went; the newer one stays even though the two together exceed the cap.
    const older = mockCommit();
    const reload = mockTarball({ "a.txt": "a".repeat(20) });
    const again = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, "main", {
      cache,
      limits,
      log,
    });
    expect(again.source).toBe("tarball");
    expect(older.isDone() && reload.every((scope) => scope.isDone())).toBe(true);
  });
});
