import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { BackgroundIndex, type CommitWork, spawnIndexWorker } from "../../src/context/background-index.js";
import { buildContext } from "../../src/context/build-context.js";
import { DEFAULT_MAX_INDEX_BYTES, indexInBackground, openIndexed } from "../../src/context/commit-index.js";
import { detectRoles } from "../../src/context/detect-roles.js";
import { buildImportGraph, type ImportGraph } from "../../src/context/import-graph.js";
import { TermIndex } from "../../src/context/term-index.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { TextArena } from "../../src/repo/text-arena.js";
import { fixtureRepoFiles, heldSnapshot, memorySnapshot } from "../helpers/memory-snapshot.js";

const files = fixtureRepoFiles("nextjs-prisma");
const query = "Export invoices as CSV: add an export button next to `InvoiceTable`";

/** A BackgroundIndex whose threads are counted; a thread starts with the first file unless `minBytes` says. */
function counted(
  maxBytes = DEFAULT_MAX_INDEX_BYTES,
  thread = spawnIndexWorker,
  maxWaitingBytes?: number,
  minBytes = 0,
) {
  const threads = { started: 0 };
  const background = new BackgroundIndex(maxBytes, {
    spawn: () => {
      threads.started += 1;
      return thread();
    },
    ...(maxWaitingBytes !== undefined ? { maxWaitingBytes } : {}),
    minBytes,
  });
  return { background, threads };
}

/** A graph's maps as arrays, in their order. */
const graphJson = (graph: ImportGraph | undefined) =>
  graph && [graph.imports, graph.importedBy].map((map) => [...map].map(([path, set]) => [path, [...set]]));

function feed(background: BackgroundIndex, entries: Iterable<[string, string]>) {
  const arena = new TextArena();
  for (const [path, text] of entries) background.add(path, arena.add(path, [Buffer.from(text)]));
}

/** A file's bytes where a tarball's read keeps them. */
const place = (path: string, text: string) => new TextArena().add(path, [Buffer.from(text)]);

describe("BackgroundIndex", () => {
  it("indexes the files on a worker thread as they come and serves the files read, as the main thread would", async () => {
    const { background, threads } = counted();
    feed(background, files);
    background.end();
    // The context read all files but one (a .gitignore or a binary file leaves some out after the download).
    const read = [...files.keys()].filter((_, at) => at !== 2);
    const index = await background.index(read);
    expect(threads.started).toBe(1);
    expect(background.failure).toBeUndefined();
    expect(background.served).toBe(true);
    const alone = TermIndex.of(read.map((path) => ({ path, content: files.get(path) as string })));
    expect(index?.search(query, { path: 2 })).toEqual(alone.search(query, { path: 2 }));
  });

  it("leaves files over the size cap out, so a context reading them builds its index on the main thread", async () => {
    const { background } = counted(200);
    feed(background, files);
    background.end();
    expect(await background.index([...files.keys()])).toBeUndefined();
    expect(background.failure?.message).toMatch(/not those the worker thread indexed/);
  });

  it("says why when the thread fails, and its index is not used", async () => {
    const { background } = counted(
      DEFAULT_MAX_INDEX_BYTES,
      () => new Worker("throw new Error('the thread could not load')", { eval: true }),
    );
    feed(background, files);
    background.end();
    expect(await background.index([...files.keys()])).toBeUndefined();
    expect(background.failure?.message).toMatch(/the thread could not load/);
  });

  it("has the download wait while the thread is more than its share behind, and go on once it catches up", async () => {
    const { background } = counted(4 << 20, spawnIndexWorker, 0);
    expect(background.pace()).toBeUndefined();
    // A file over a batch sends it: a megabyte and more is now waiting for the thread.
    background.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    const wait = background.pace();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(background.pace()).toBeUndefined();
    feed(background, files);
    background.end();
    expect(background.pace()).toBeUndefined();
    expect((await background.index(["big.txt", ...files.keys()]))?.size).toBe(files.size + 1);
  });

  it("never leaves the download waiting for a thread that was cancelled or failed", async () => {
    const { background } = counted(
      4 << 20,
      () => new Worker("setInterval(() => {}, 1000)", { eval: true }),
      0,
    );
    background.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    const wait = background.pace();
    expect(wait).toBeInstanceOf(Promise);
    background.cancel();
    await wait;
    const failing = counted(4 << 20, () => new Worker("throw new Error('gone')", { eval: true }), 0);
    failing.background.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    expect(failing.background.pace()).toBeInstanceOf(Promise);
    await failing.background.pace();
    expect(failing.background.failure?.message).toMatch(/gone/);
  });

  it("gives up a thread that stops answering while the download waits for it, so the index is built here", async () => {
    // A thread that takes the files and never answers (stuck): the waiting download is let go and the thread ended.
    const stuck = new BackgroundIndex(4 << 20, {
      spawn: () => new Worker("setInterval(() => {}, 1000)", { eval: true }),
      maxWaitingBytes: 0,
      minBytes: 0,
      stallMs: 50,
    });
    stuck.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    const wait = stuck.pace();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(stuck.failure?.message).toMatch(/indexed nothing for 50 ms while the download waited/);
    expect(stuck.pace()).toBeUndefined();
    stuck.end();
    expect(await stuck.index(["big.txt"])).toBeUndefined();
    // A thread that answers in time is not given up, however long the whole wait.
    const slow = new BackgroundIndex(4 << 20, { maxWaitingBytes: 0, minBytes: 0, stallMs: 10_000 });
    slow.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    await slow.pace();
    slow.end();
    expect((await slow.index(["big.txt"]))?.size).toBe(1);
    expect(slow.failure).toBeUndefined();
  });

  it("starts no thread for a small repository: its index is built on the main thread", async () => {
    const small = counted(DEFAULT_MAX_INDEX_BYTES, spawnIndexWorker, undefined, 1 << 20);
    feed(small.background, files);
    small.background.end();
    expect(await small.background.index([...files.keys()])).toBeUndefined();
    expect(small.threads.started).toBe(0);
    expect(small.background.failure).toBeUndefined();
    // Past the threshold the thread starts, with every file sent so far.
    const large = counted(4 << 20, spawnIndexWorker, undefined, 1 << 20);
    feed(large.background, files);
    large.background.add("big.txt", place("big.txt", "word ".repeat(300_000)));
    large.background.end();
    expect((await large.background.index([...files.keys(), "big.txt"]))?.size).toBe(files.size + 1);
    expect(large.threads.started).toBe(1);
  });

  it("resolves the import graph of the files read and finds the roles on the thread, as the main thread does", async () => {
    // JavaScript through an alias, a workspace package and Python's imports.
    const all = new Map([
      ...files,
      ["packages/ui/package.json", '{ "name": "@acme/ui" }'],
      ["packages/ui/src/index.ts", "export const Button = 1;"],
      ["src/lib/uses-ui.ts", 'import { Button } from "@acme/ui";\nimport { db } from "./db";'],
      ["tools/report.py", "from tools import totals\nimport tools.totals"],
      ["tools/totals.py", "TOTAL = 1"],
    ]);
    const { background } = counted();
    feed(background, all);
    // Asked before the files end, the thread has no graph to give.
    expect(await background.listing([...all.keys()], [...all.keys()]).graph).toBeUndefined();
    background.end();
    // The context read all files but two; the listing has every file and one more (a binary file, not sent).
    const read = [...all.keys()].filter((_, at) => at !== 2 && at !== 5);
    const listed = [...all.keys(), "public/logo.png"];
    const work = background.listing(read, listed);
    const graph = await work.graph;
    const here = buildImportGraph(new Map(read.map((path) => [path, all.get(path) as string])), listed);
    expect([...(here.imports.get("src/lib/uses-ui.ts") ?? [])]).toEqual([
      "packages/ui/src/index.ts",
      "src/lib/db.ts",
    ]);
    expect([...(here.imports.get("tools/report.py") ?? [])]).toEqual(["tools/totals.py"]);
    expect(graphJson(graph)).toEqual(graphJson(here));
    expect(await work.roles).toEqual(detectRoles(listed));
    expect(background.failure).toBeUndefined();
    // Given once: a second listing is left to the caller.
    const again = background.listing(read, listed);
    expect([await again.graph, await again.roles]).toEqual([undefined, undefined]);
  });

  it("gives no graph when a file read was not sent to the thread, and says why; the roles still come", async () => {
    const { background } = counted();
    feed(background, files);
    background.end();
    const work = background.listing([...files.keys(), "big.ts"], [...files.keys(), "big.ts"]);
    expect(await work.graph).toBeUndefined();
    // The roles need the listing alone.
    expect(await work.roles).toEqual(detectRoles([...files.keys(), "big.ts"]));
    expect(background.failure?.message).toMatch(/could not build the import graph of the files read/);
  });

  it("ends a thread not given the listing in time (the context was not built): no graph or roles after that", async () => {
    const threads: Worker[] = [];
    const background = new BackgroundIndex(DEFAULT_MAX_INDEX_BYTES, {
      spawn: () => {
        const worker = spawnIndexWorker();
        threads.push(worker);
        return worker;
      },
      minBytes: 0,
      listingWaitMs: 10,
    });
    feed(background, files);
    background.end();
    const ended = new Promise((resolve) => threads[0]?.once("exit", resolve));
    expect(await background.index([...files.keys()])).toBeInstanceOf(TermIndex);
    await ended;
    const late = background.listing([...files.keys()], [...files.keys()]);
    expect([await late.graph, await late.roles]).toEqual([undefined, undefined]);
  });

  it("starts no thread when no file came, and a cancelled one serves nothing", async () => {
    const idle = counted();
    idle.background.end();
    expect(await idle.background.index([])).toBeUndefined();
    expect(idle.threads.started).toBe(0);
    const cancelled = counted();
    feed(cancelled.background, files);
    cancelled.background.cancel();
    expect(await cancelled.background.index([...files.keys()])).toBeUndefined();
  });
});

describe("indexInBackground", () => {
  it("gives the context the thread's index: the same context as one indexed on the main thread", async () => {
    const options = { budget: 6_000, model: "gpt-4o" };
    const issue = { title: "Export invoices as CSV", body: "Add an export button next to `InvoiceTable`." };
    const plain = await buildContext(
      safeSnapshot(memorySnapshot(files), { maxFileBytes: 100_000 }),
      issue,
      options,
    );

    const snapshot = safeSnapshot(memorySnapshot(files), { maxFileBytes: 100_000 });
    const { background, threads } = counted();
    const served = vi.spyOn(background, "index");
    const listing = vi.spyOn(background, "listing");
    feed(background, files);
    expect(indexInBackground(snapshot, background)).toBe(true);
    background.end();
    const threaded = await buildContext(snapshot, issue, options);
    expect(threads.started).toBe(1);
    await expect(served.mock.results[0]?.value).resolves.toBeInstanceOf(TermIndex);
    // The import graph and the roles were found on the thread too.
    const work = listing.mock.results[0]?.value as CommitWork;
    await expect(work.graph).resolves.toHaveProperty("importedBy");
    await expect(work.roles).resolves.toEqual(threaded.roles);
    expect(threaded.text).toBe(plain.text);
    // A snapshot whose files were read already keeps its index: a second thread is refused.
    expect(indexInBackground(snapshot, counted().background)).toBe(false);
  });
});

describe("openIndexed", () => {
  const options = { budget: 6_000, model: "gpt-4o" };
  const issue = { title: "Export invoices as CSV", body: "Add an export button next to `InvoiceTable`." };
  // Over a megabyte of text in files under the index's size cap: the thread starts.
  const large = new Map([
    ...files,
    ...[1, 2, 3].map((n): [string, string] => [`notes/${n}.txt`, `word${n} `.repeat(60_000)]),
  ]);
  /** A download that streams every file to the thread, as readTarball does, from `source`. */
  const opener = (source: string) => async (sink: BackgroundIndex | undefined) => {
    const snapshot = heldSnapshot(large);
    for (const path of large.keys()) {
      const kept = snapshot.held?.place(path);
      if (kept) sink?.add(path, kept);
    }
    return { source, snapshot };
  };
  const safe = (opened: { snapshot: ReturnType<typeof memorySnapshot> }) =>
    safeSnapshot(opened.snapshot, { maxFileBytes: 2 << 20 });

  it("gives a commit read from a tarball the thread's index, and the context uses it", async () => {
    const { files: snapshot, background } = await openIndexed(true, opener("tarball"), safe);
    expect(background).toBeInstanceOf(BackgroundIndex);
    const context = await buildContext(snapshot, issue, options);
    expect(background?.served).toBe(true);
    expect(background?.failure).toBeUndefined();
    // The same context as one read file by file, its index built on the main thread.
    const plain = await buildContext(safe({ snapshot: memorySnapshot(large) }), issue, options);
    expect(context.text).toBe(plain.text);
  });

  it("stops the thread for a commit read another way, when turned off, and when the download fails", async () => {
    const trees = await openIndexed(true, opener("trees"), safe);
    expect(trees.background).toBeUndefined();
    await buildContext(trees.files, issue, options);
    const off = await openIndexed(false, opener("tarball"), safe);
    expect(off.background).toBeUndefined();
    const cancel = vi.spyOn(BackgroundIndex.prototype, "cancel");
    await expect(
      openIndexed(
        true,
        async () => {
          throw new Error("the download failed");
        },
        safe,
      ),
    ).rejects.toThrow("the download failed");
    expect(cancel).toHaveBeenCalledTimes(1);
    cancel.mockRestore();
  });
});
