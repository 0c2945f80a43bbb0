// What a commit's context needs whatever the issue, found once per snapshot object and kept with it: its readable
// files and their term index and import graph (the index built on a worker thread when the tarball fed one), its
// stack and its directory roles. A second issue on the same snapshot only searches.
import type { ListedFile, SafeSnapshot } from "../repo/safe-snapshot.js";
import { TimeSlices } from "../time-slices.js";
import { BackgroundIndex } from "./background-index.js";
import { type DirectoryRole, rolesOf } from "./detect-roles.js";
import { type ImportGraph, importGraphOf } from "./import-graph.js";
import type { IssueSignals } from "./issue-signals.js";
import { type RankedFile, rankFiles } from "./rank-files.js";
import { detectStack, type TechStack } from "./stack/detect-stack.js";
import { type TermDocument, TermIndex } from "./term-index.js";

const READ_CONCURRENCY = 32;
/**
 * Files up to this size are indexed for ranking: as large as the app reads a file at all (MAX_FILE_BYTES'
 * default), since the file a fix changes is often the large one (a single-header library, a compressor's core).
 */
export const DEFAULT_MAX_INDEX_BYTES = 512 * 1024;

/**
 * What ranking needs of a commit whatever the issue: its indexable files, read unredacted, and their import graph
 * and term index once asked for; and the redacted texts of the files shown so far. Kept with the snapshot, so every
 * plan on the same snapshot object reads and indexes them once, and a second issue on the commit only searches.
 */
export interface CommitIndex {
  maxBytes: number;
  unredacted: ReadonlyMap<string, string>;
  redacted: Map<string, string>;
  graph?: Promise<ImportGraph>;
  /** The import graph the index thread is resolving meanwhile, if it is (undefined when it could not). */
  threadGraph?: Promise<ImportGraph | undefined>;
  terms?: Promise<TermIndex>;
}

/**
 * Ranks by the commit's term index and import graph, built once per commit, in slices that let the process answer
 * webhooks and renew its job's lock meanwhile. Ranking reads the files unredacted; what it returns holds paths,
 * scores and the issue's own words only.
 */
export async function rankIndexed(
  snapshot: SafeSnapshot,
  shared: CommitIndex,
  paths: string[],
  signals: IssueSignals,
  mode: "full" | "bm25",
): Promise<RankedFile[]> {
  const slices = new TimeSlices();
  shared.terms ??= commitTerms(shared, backgroundIndexes.get(snapshot), slices);
  const terms = await shared.terms;
  if (mode === "full") shared.graph ??= commitGraph(shared, paths, slices);
  const graph = await shared.graph;
  return rankFiles(shared.unredacted, paths, signals, {
    mode,
    ...(graph ? { importGraph: () => graph } : {}),
    termIndex: () => terms,
  });
}

/** The index a worker thread built as the tarball streamed, when it holds the files read; else built here. */
async function commitTerms(
  shared: CommitIndex,
  background: BackgroundIndex | undefined,
  slices: TimeSlices,
): Promise<TermIndex> {
  const built =
    background && background.maxBytes === shared.maxBytes
      ? await background.index([...shared.unredacted.keys()])
      : undefined;
  return built ?? TermIndex.build(termDocuments(shared.unredacted), slices);
}

/** The import graph the index thread resolved, when it could; else built here. */
async function commitGraph(shared: CommitIndex, paths: string[], slices: TimeSlices): Promise<ImportGraph> {
  return (await shared.threadGraph) ?? importGraphOf(shared.unredacted, paths, slices);
}

function* termDocuments(files: ReadonlyMap<string, string>): Generator<TermDocument> {
  for (const [path, content] of files) yield { path, content };
}

const commitIndexes = new WeakMap<SafeSnapshot, Promise<CommitIndex>>();
const backgroundIndexes = new WeakMap<SafeSnapshot, BackgroundIndex>();

/**
 * Gives the snapshot the term index a worker thread is building of its files (background-index.ts). False when the
 * snapshot has one already or its files were read before (a kept snapshot of the same commit): then the caller
 * cancels the thread.
 */
export function indexInBackground(snapshot: SafeSnapshot, background: BackgroundIndex): boolean {
  if (backgroundIndexes.has(snapshot) || commitIndexes.has(snapshot)) return false;
  backgroundIndexes.set(snapshot, background);
  return true;
}
/**
 * Opens a commit with its term index built on a worker thread as the tarball streams (when `thread`): `open` passes
 * the thread to the download, `safe` gives the snapshot the context reads, which is handed the thread's index if
 * the commit came from a tarball; otherwise (the trees API, a kept snapshot, a failed download) the thread is stopped.
 */
export async function openIndexed<T extends { source: string }>(
  thread: boolean,
  open: (background: BackgroundIndex | undefined) => Promise<T>,
  safe: (opened: T) => SafeSnapshot,
): Promise<{ opened: T; files: SafeSnapshot; background?: BackgroundIndex }> {
  const background = thread ? new BackgroundIndex(DEFAULT_MAX_INDEX_BYTES) : undefined;
  const opened = await open(background).catch((error: unknown) => {
    background?.cancel();
    throw error;
  });
  const files = safe(opened);
  const used = background && opened.source === "tarball" && indexInBackground(files, background);
  if (used) background.end();
  else background?.cancel();
  return { opened, files, ...(used ? { background } : {}) };
}

const stacks = new WeakMap<SafeSnapshot, Promise<TechStack>>();
const roleLists = new WeakMap<SafeSnapshot, Promise<DirectoryRole[]>>();

export function commitIndex(
  snapshot: SafeSnapshot,
  listed: ListedFile[],
  maxBytes: number,
): Promise<CommitIndex> {
  const known = commitIndexes.get(snapshot);
  const fresh = async (): Promise<CommitIndex> => {
    const unredacted = await readIndexable(snapshot, listed, maxBytes);
    // Once the files read are known, the index thread resolves their imports and finds the directory roles while
    // this thread goes on (the stack).
    const paths = listed.map((file) => file.path);
    const work = backgroundIndexes.get(snapshot)?.listing([...unredacted.keys()], paths);
    if (work && !roleLists.has(snapshot))
      roleLists.set(
        snapshot,
        work.roles.then((roles) => roles ?? rolesOf(paths, new TimeSlices())),
      );
    return { maxBytes, unredacted, redacted: new Map(), ...(work ? { threadGraph: work.graph } : {}) };
  };
  const index = known ? known.then((found) => (found.maxBytes === maxBytes ? found : fresh())) : fresh();
  if (!known) commitIndexes.set(snapshot, index);
  return index;
}

/** The directory roles of a commit's listing, found once per snapshot. */
export function commitRoles(snapshot: SafeSnapshot, paths: string[]): Promise<DirectoryRole[]> {
  let roles = roleLists.get(snapshot);
  if (!roles) {
    roles = rolesOf(paths, new TimeSlices());
    roleLists.set(snapshot, roles);
  }
  return roles;
}

export function stackOf(snapshot: SafeSnapshot): Promise<TechStack> {
  let stack = stacks.get(snapshot);
  if (!stack) {
    stack = detectStack(snapshot);
    stacks.set(snapshot, stack);
  }
  return stack;
}

async function readIndexable(
  snapshot: SafeSnapshot,
  listed: ListedFile[],
  maxBytes: number,
): Promise<ReadonlyMap<string, string>> {
  const wanted = listed
    // Any text file can matter (`config/app.ini`, `pom.xml`, `Jenkinsfile`): what is read is decided by the
    // file (not a secret, lockfile or binary by name; small enough), and binary content is dropped when read.
    .filter((file) => !file.unreadable && file.size <= maxBytes)
    .map((file) => file.path);
  // Texts held as bytes (a tarball read) stay so, each decoded when ranking or packing reads it.
  const held = await snapshot.heldUnredacted?.(wanted);
  if (held) return held;
  const unredacted = new Map<string, string>();
  await readEach(wanted, (path) => snapshot.readUnredacted(path), unredacted);
  return unredacted;
}

export async function readEach(
  paths: string[],
  read: (path: string) => Promise<string | undefined>,
  into: { set(path: string, text: string): unknown },
): Promise<void> {
  let next = 0;
  // Texts already in memory are read without waiting: the event loop gets its turns between slices.
  const slices = new TimeSlices();
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const text = await read(path);
      if (text !== undefined) into.set(path, text);
      if (slices.due()) await slices.next();
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
}
