// One measured run of the app's context path on a large repository: the tarball snapshot (a `git archive` written
// to a file beforehand, or a given tarball, standing in for GitHub's downloaded tarball), stack detection, reading
// and ranking, packing at 24k tokens, then a second issue on the same commit. Prints JSON timings and peak RSS.
//
//   node --import tsx bench/context-timing/once.ts --git-dir /path/to/repo.git [--ref HEAD]
//   node --import tsx bench/context-timing/once.ts --tarball /path/to/repo.tar.gz [--rate-mb-s 10]
//
// `--rate-mb-s` streams the tarball at that many megabytes a second, as a download would arrive: the read overlaps
// the download, and `afterDownloadMs` is what a plan waits for once the last byte is in (read, stack, ranking and
// packing 24k tokens). Without it the tarball arrives as fast as it can be read (the worst case for the CPU).
//
// `--warm-with <other tarball>` first plans another repository in the same process, untimed: the measured run is
// then a running worker's first plan on a new commit, where without it it is a fresh process's first plan.
//
// As the app does, the commit's term index is built on a worker thread as the tarball is read;
// `--index-on-main-thread` builds it on the main thread instead, as the app did before (and still does when the
// thread fails), for a comparison in one session.
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { readEnv } from "../../src/config/env.js";
import { BackgroundIndex } from "../../src/context/background-index.js";
import { packContext, prepareContext } from "../../src/context/build-context.js";
import { DEFAULT_MAX_INDEX_BYTES, indexInBackground } from "../../src/context/commit-index.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { isSecretPath, readableByName } from "../../src/repo/path-rules.js";
import { readTarball, tarballSnapshot } from "../../src/repo/read-tarball.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { SnapshotCache } from "../../src/repo/snapshot-cache.js";

// The app's own defaults (model, budget, file size cap), from its environment schema.
const settings = planSettings(readEnv({}), undefined);
const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    ref: { type: "string", default: "HEAD" },
    tarball: { type: "string" },
    "index-on-main-thread": { type: "boolean", default: false },
    "rate-mb-s": { type: "string" },
    "warm-with": { type: "string" },
  },
});
if (!values["git-dir"] && !values.tarball) throw new Error("--git-dir or --tarball is required");

const rate = values["rate-mb-s"] ? Number(values["rate-mb-s"]) : undefined;
/** When the download's last byte arrived. */
let lastByteAt = 0;
/** From the last byte to the context packed, as the first plan waits for it. */
let afterDownloadMs = 0;
const dir = mkdtempSync(join(tmpdir(), "timing-"));
// The longest the event loop waited while the stages ran: how long a process planning this repository leaves a
// webhook, a job lock's renewal or a heartbeat waiting.
// A timer every 5 ms: the longest gap between its runs is the longest block.
let lastTick = performance.now();
let longestGap = 0;
const ticker = setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - lastTick);
  lastTick = now;
}, 5);
const timings: Record<string, number> = {};
/** When the last stage timed ended (before the wait for its longest block). */
let stageEnd = 0;
/** Each stage's longest event-loop block (ms). */
const blocks: Record<string, number> = {};
const time = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  lastTick = performance.now();
  longestGap = 0;
  const result = await work();
  stageEnd = performance.now();
  timings[stage] = Math.round(stageEnd - start);
  // The timer runs late after a block: let it run once more before reading the gap.
  await new Promise((resolve) => setTimeout(resolve, 10));
  blocks[stage] = Math.round(longestGap);
  return result;
};

try {
  // The tarball is a finished download, read from a file: the stage times the app's extraction alone, not
  // `git archive` compressing on the same two cores.
  const tarball = values.tarball ?? archiveOf(values["git-dir"] as string, values.ref ?? "HEAD", dir);
  // A running worker's first plan on this commit: the same stages on another repository first, whose timings the
  // measured run's replace (the process has loaded its modules and built its tokenizers; no cache applies).
  if (values["warm-with"]) await planCommit(values["warm-with"], "warm-up");
  const { files, tokens } = await planCommit(tarball, "bench");
  process.stdout.write(
    `${JSON.stringify({ files, tokens, timings, ...(values["warm-with"] ? { warmedWith: values["warm-with"] } : {}), ...(rate ? { rateMbS: rate, afterDownloadMs } : {}), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), longestBlockMs: Math.max(...Object.values(blocks)), blocks })}\n`,
  );
} finally {
  clearInterval(ticker);
  rmSync(dir, { recursive: true, force: true });
}

/** The stages of a first plan and of a second issue on one commit, each timed into `timings`. */
async function planCommit(tarball: string, commit: string): Promise<{ files: number; tokens: number }> {
  // As the app reads a fresh download: into memory (secrets dropped, the readable texts kept), the snapshot cache's
  // folder written afterwards, beside the later stages, as the app does.
  const cache = new SnapshotCache(join(dir, "cache"), 4 * 1024 ** 3);
  const key = { owner: "bench", repo: "bench", commit };
  const saveErrors: unknown[] = [];
  const background = values["index-on-main-thread"]
    ? undefined
    : new BackgroundIndex(DEFAULT_MAX_INDEX_BYTES);
  const contents = await time("snapshot (tarball read)", () =>
    cache.download(
      key,
      () =>
        readTarball(download(tarball), {
          maxTotalBytes: 4 * 1024 ** 3,
          maxFiles: 200_000,
          maxFileBytes: settings.maxFileBytes,
          exclude: isSecretPath,
          wanted: readableByName,
          ...(background ? { sink: background } : {}),
        }),
      (error) => saveErrors.push(error),
    ),
  );
  const files = contents.files;
  const inner = tarballSnapshot(contents, "bench");
  const snapshot = safeSnapshot(inner, { maxFileBytes: settings.maxFileBytes });
  if (background && indexInBackground(snapshot, background)) background.end();
  const issue = {
    title: "Release the database client checked out during connect",
    body: "The postgres adapter checks out a pool client when connecting and never releases it, so pool.end() hangs.",
  };
  // Stack detection runs with the reading (it reads the manifests the ranking reads too).
  const prepared = await time("stack + read + rank", () =>
    prepareContext(snapshot, issue, { budget: settings.budget, model: settings.model }),
  );
  const context = await time(`pack ${settings.budget / 1000}k`, async () =>
    packContext(prepared, settings.budget),
  );
  // A second issue on the same commit, as a second plan in the same worker finds it: the snapshot object and
  // what was read and derived from it are kept; only the issue's own ranking and packing are done again.
  const second = {
    title: "Field hooks run twice when a document is duplicated",
    body: "Duplicating a document calls beforeChange field hooks twice; `duplicate` should call them once.",
  };
  // From the last byte to the context packed, as the first plan waits for it.
  afterDownloadMs = Math.round(stageEnd - lastByteAt);
  await time("second issue, same commit (read + rank + pack)", async () =>
    packContext(
      await prepareContext(snapshot, second, { budget: settings.budget, model: settings.model }),
      settings.budget,
    ),
  );
  if (background?.failure) throw background.failure;
  const saved = await cache.saved(key);
  if (saveErrors.length > 0 || saved?.files.length !== files.length) throw new Error("the cache save failed");
  return { files: files.length, tokens: context.tokens };
}

/** The tarball's bytes as they arrive: at `--rate-mb-s` (64 KB every 64 KB / rate), or as fast as they are read. */
function download(file: string): Readable {
  const source = createReadStream(file);
  source.on("end", () => {
    lastByteAt = performance.now();
  });
  if (!rate) return source;
  const bytesPerMs = (rate * 1024 * 1024) / 1000;
  const started = performance.now();
  let sent = 0;
  return Readable.from(
    (async function* () {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        sent += chunk.length;
        const due = started + sent / bytesPerMs - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        yield chunk;
      }
      lastByteAt = performance.now();
    })(),
  );
}

/** The commit's tarball as GitHub would serve it (gzip, one top folder), written to a file beforehand. */
function archiveOf(gitDir: string, ref: string, dir: string): string {
  const file = join(dir, "repo.tar.gz");
  execFileSync("git", ["--git-dir", gitDir, "archive", "--format=tar.gz", "--prefix=repo/", "-o", file, ref]);
  return file;
}
