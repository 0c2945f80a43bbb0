// Wraps any snapshot with what the context may never see: skipped folders and ignored paths leave the listing;
// secrets, lockfiles, binaries and oversized files stay listed by name but are never read; whatever is read
// has credential-like text redacted, except the text ranking reads (`readUnredacted`), which stays inside the
// ranking and is redacted when a file is chosen for the prompt.
import ignore, { type Ignore } from "ignore";
import { TimeSlices } from "../time-slices.js";
import { ignoreLiterals, LiteralFilter } from "./ignore-literals.js";
import { hasBinaryExtension, isLockfile, isSecretPath, isSkippedPath } from "./path-rules.js";
import { redactSecrets } from "./redact-secrets.js";
import type { RepoFile, RepoSnapshot } from "./repo-snapshot.js";
import { isBinaryText, type TextArena } from "./text-arena.js";

type Unreadable = "secret" | "lockfile" | "binary" | "too-large";

export interface ListedFile extends RepoFile {
  /** Why the file is listed but not read; absent for readable files. */
  unreadable?: Unreadable;
}

export interface SafeSnapshotOptions {
  /** Larger files are listed but never read. */
  maxFileBytes: number;
  /** gitignore-style patterns from configuration (`context.exclude`). */
  exclude?: string[];
}

export interface SafeSnapshot extends RepoSnapshot {
  listFiles(): Promise<ListedFile[]>;
  /**
   * A readable file's text before redaction, for ranking alone (its terms, definitions, imports): it must never
   * reach a prompt; `redact` turns it into text that may. Not kept: the caller keeps what it indexes.
   */
  readUnredacted(path: string): Promise<string | undefined>;
  /**
   * The unredacted texts of the readable files among `paths`, in their order, when the snapshot holds its texts in
   * memory (a tarball read): each decoded when read, none kept as a string. Absent when files are read one by one.
   */
  heldUnredacted?(paths: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Text of `path` read with `readUnredacted`, with credential-like text replaced (and logged by path). */
  redact(path: string, text: string): string;
  /** What was redacted so far, by path: for the operator's log, never the values. */
  readonly redactions: Map<string, string[]>;
}

export function safeSnapshot(inner: RepoSnapshot, options: SafeSnapshotOptions): SafeSnapshot {
  let listing: Promise<Map<string, ListedFile>> | undefined;
  const redactions = new Map<string, string[]>();
  // Stack detection, scripts, ranking and grounding all read the manifests: read and redact each file once
  // (through the trees API every read is a request).
  const reads = new Map<string, Promise<string | undefined>>();

  const list = () => {
    listing ??= (async () => {
      const files = (await inner.listFiles()).filter((file) => !isSkippedPath(file.path));
      const ignored = await buildIgnore(inner, files, options.exclude ?? []);
      // Every path is matched against every .gitignore above it: on a large repository, in slices.
      const slices = new TimeSlices();
      const entries = new Map<string, ListedFile>();
      for (const file of files) {
        if (slices.due()) await slices.next();
        if (ignored(file.path)) continue;
        const unreadable = classify(file, options.maxFileBytes);
        entries.set(file.path, unreadable ? { ...file, unreadable } : file);
      }
      return entries;
    })();
    return listing;
  };

  return {
    commit: inner.commit,
    redactions,
    async listFiles() {
      return [...(await list()).values()];
    },
    readFile(path) {
      let read = reads.get(path);
      if (!read) {
        read = readUnredacted(path).then((text) => (text === undefined ? undefined : redact(path, text)));
        reads.set(path, read);
      }
      return read;
    },
    readUnredacted,
    ...(inner.held ? { heldUnredacted: heldReadable(inner.held, list) } : {}),
    redact,
  };

  async function readUnredacted(path: string): Promise<string | undefined> {
    const file = (await list()).get(path);
    if (!file || file.unreadable) return undefined;
    const text = await inner.readFile(path);
    if (text === undefined || isBinaryText(text)) return undefined;
    return text;
  }

  function redact(path: string, text: string): string {
    const { text: safe, found } = redactSecrets(text);
    if (found.length > 0) redactions.set(path, found);
    return safe;
  }
}

/** What `readUnredacted` would read of `paths`, from held texts without decoding them. */
function heldReadable(
  held: TextArena,
  list: () => Promise<Map<string, ListedFile>>,
): (paths: readonly string[]) => Promise<ReadonlyMap<string, string>> {
  return async (paths) => {
    const listing = await list();
    const slices = new TimeSlices();
    const readable: string[] = [];
    for (const path of paths) {
      if (slices.due()) await slices.next();
      const file = listing.get(path);
      if (file && !file.unreadable && held.has(path) && !held.isBinary(path)) readable.push(path);
    }
    return held.only(readable);
  };
}

function classify(file: RepoFile, maxBytes: number): Unreadable | undefined {
  if (isSecretPath(file.path)) return "secret";
  if (isLockfile(file.path)) return "lockfile";
  if (hasBinaryExtension(file.path)) return "binary";
  if (file.size > maxBytes) return "too-large";
  return undefined;
}

/** Every .gitignore of the snapshot applies to the paths under its folder, plus the configured patterns. */
async function buildIgnore(
  snapshot: RepoSnapshot,
  files: RepoFile[],
  exclude: string[],
): Promise<(path: string) => boolean> {
  // The matchers by the folder they apply under ("" for the root): a path asks its own folders only, so a
  // repository with a thousand .gitignore files costs no more per path than one with a few.
  const rules = new Map<string, Matcher[]>();
  const add = (dir: string, matcher: Matcher) => rules.set(dir, [...(rules.get(dir) ?? []), matcher]);
  if (exclude.length > 0) add("", matcherOf(exclude));
  const gitignores = files.filter((file) => file.path === ".gitignore" || file.path.endsWith("/.gitignore"));
  const read = await Promise.all(
    gitignores.map(async (file) => ({ file, text: await snapshot.readFile(file.path) })),
  );
  // A matcher answers for paths relative to its folder, whichever folder that is: .gitignore files of the same
  // text (a monorepo's packages, copied templates) share one, and what it has found already.
  const byText = new Map<string, Matcher>();
  for (const { file, text } of read) {
    if (!text) continue;
    const matcher = byText.get(text) ?? matcherOf(text);
    byText.set(text, matcher);
    add(file.path.slice(0, -".gitignore".length), matcher);
  }
  if (rules.size === 0) return () => false;
  return (path) => {
    // Each folder of the path, from the root: "", "a/", "a/b/"...
    for (let end = 0; end !== -1; end = path.indexOf("/", end) + 1 || -1) {
      const here = rules.get(path.slice(0, end));
      if (!here) continue;
      const relative = path.slice(end);
      // `ignore` tests the path's folders itself (a folder pattern such as `tmp/` ignores what is under it), once
      // per folder: it keeps what it found. A path holding none of what the rules spell out is not asked.
      const ignored = (matcher: Matcher) =>
        matcher.filter.mayMatch(relative) && matcher.rules.ignores(relative);
      if (here.some(ignored)) return true;
    }
    return false;
  };
}

/** A .gitignore's (or the configuration's) rules, and what a path must hold for them to ignore it. */
interface Matcher {
  rules: Ignore;
  filter: LiteralFilter;
}

function matcherOf(patterns: string | string[]): Matcher {
  return { rules: ignore().add(patterns), filter: new LiteralFilter(ignoreLiterals(patterns)) };
}
