// The tarball's body survives a garbage collection between the request's return and its reading. Node's fetch
// cancels the body of a Response that is collected first; a mocked Response is never cancelled that way, so this
// test serves the tarball from a real server on loopback and forces collections in that gap.

import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openGitHubSnapshot } from "../../src/repo/github-snapshot.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";
import { closeServer, listenOnLoopback } from "../bed/listen.js";
import { githubTarball } from "../helpers/make-tarball.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SHA = "0123456789abcdef0123456789abcdef01234567";
const tarball = githubTarball(
  { "package.json": '{"name":"web"}', "src/index.ts": "export const answer = 42;\n" },
  `acme-web-${SHA.slice(0, 7)}`,
);
const server = createServer((req, res) => {
  if (req.url === `/repos/acme/web/tarball/${SHA}`) {
    res.writeHead(302, { location: `http://127.0.0.1:${port}/codeload/${SHA}` });
    return res.end();
  }
  res.writeHead(200, { "content-type": "application/x-gzip", "content-length": tarball.length });
  res.end(tarball);
});
let port = 0;
const root = mkdtempSync(join(tmpdir(), "tarball-gc-"));

beforeAll(async () => {
  port = await listenOnLoopback(server);
});
afterAll(async () => {
  await closeServer(server);
  rmSync(root, { recursive: true, force: true });
});

it("reads the whole tarball when garbage is collected before its body is read", async () => {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
  const octokit = new Octokit({ auth: { token: "ghs_test" }, baseUrl: `http://127.0.0.1:${port}` });
  // Between the request's return and the snapshot taking its body: collect, and let finalisers run.
  octokit.hook.after("request", async () => {
    for (let round = 0; round < 3; round += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  const snapshot = await openGitHubSnapshot(octokit, { owner: "acme", repo: "web" }, SHA, {
    cache: new SnapshotCache(root, 50_000_000),
    limits: { maxTotalBytes: 1_000_000, maxFiles: 100, maxFileBytes: 100_000 },
    log: pino({ level: "silent" }),
    knownCommit: SHA,
  });
  expect(snapshot.source).toBe("tarball");
  expect(await snapshot.readFile("src/index.ts")).toBe("export const answer = 42;\n");
});
