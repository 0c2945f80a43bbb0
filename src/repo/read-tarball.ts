// Reads a repository tarball (gzip or plain) into memory as it streams: the listing, and the text of the files a
// plan may read, under the rules of tarball-entries.ts: an entry that would leave the repository stops the read,
// links are never followed, the caps on total bytes, file count and per-file size stop a bomb or a huge repository
// early, and a name the cache folder could not hold is listed as not kept. Nothing is written here: a plan starts
// from memory (the texts kept as bytes, text-arena.ts), and the cache folder is written from them afterwards
// (write-texts.ts).
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import type { RepoSnapshot } from "./repo-snapshot.js";
import {
  ArchiveTooLargeError,
  type ExtractedFile,
  type ExtractOptions,
  FILE_TYPES,
  repositoryPath,
  skipReason,
  UnsafeArchiveError,
} from "./tarball-entries.js";
import { TextArena, type TextPlace } from "./text-arena.js";

export interface ReadTarballOptions extends ExtractOptions {
  /** Files whose text is kept (those a plan may read); the others are listed with their size only. */
  wanted: (path: string, size: number) => boolean;
  /** Told of each kept file as it is read, and asked whether to wait before each chunk. */
  sink?: TarballSink;
}

/** What follows a tarball's read as it streams (a term index built on another thread, say). */
export interface TarballSink {
  /** Each kept file, in the tarball's order: where its bytes are kept (shared, so another thread can read them). */
  add(path: string, place: TextPlace): void;
  /** Asked before each chunk of the archive is read on: a promise makes the read wait for it. */
  pace(): Promise<void> | undefined;
}

export interface TarballContents {
  files: ExtractedFile[];
  /** The kept files' texts, by path. */
  texts: TextArena;
}

/** A commit read into memory as a snapshot: its listing, and the texts a plan may read. */
export function tarballSnapshot(
  contents: TarballContents,
  commit: string,
): RepoSnapshot & { commit: string } {
  const { files, texts } = contents;
  return {
    commit,
    held: texts,
    listFiles: async () => files.map(({ path, size }) => ({ path, size })),
    readFile: async (path) => texts.get(path),
  };
}

export async function readTarball(source: Readable, options: ReadTarballOptions): Promise<TarballContents> {
  const files: ExtractedFile[] = [];
  const texts = new TextArena();
  const shape = new PathShape();
  let totalBytes = 0;
  let failure: Error | undefined;
  // GitHub's tarballs have ratios far below this; a bomb does not.
  const parser = new Parser({ strict: true, maxDecompressionRatio: 200 });
  const fail = (error: Error) => {
    failure ??= error;
    parser.abort(error);
    source.destroy();
  };

  parser.on("entry", (entry: ReadEntry) => {
    if (failure) return entry.resume();
    const path = repositoryPath(entry.path);
    if (path === undefined)
      return fail(
        new UnsafeArchiveError(`The archive entry "${entry.path}" would leave the repository folder.`),
      );
    // Folders are implied by paths; links are never followed, so none can point outside.
    if (!FILE_TYPES.has(entry.type) || path === "" || shape.listed(path)) return entry.resume();
    if (files.length + 1 > options.maxFiles)
      return fail(new ArchiveTooLargeError(`The repository has more than ${options.maxFiles} files.`));
    const above = foldersOf(path);
    const skipped =
      skipReason(path, entry.size, "", options) ?? (shape.fits(path, above) ? undefined : "unwritable");
    if (skipped) {
      files.push({ path, size: entry.size, skipped });
      return entry.resume();
    }
    totalBytes += entry.size;
    if (totalBytes > options.maxTotalBytes)
      return fail(new ArchiveTooLargeError(`The repository's files exceed ${options.maxTotalBytes} bytes.`));
    files.push({ path, size: entry.size });
    shape.add(path, above);
    if (!options.wanted(path, entry.size)) return entry.resume();
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: Buffer) => chunks.push(chunk));
    entry.on("end", () => {
      const place = texts.add(path, chunks);
      options.sink?.add(path, place);
    });
  });

  try {
    const sink = options.sink;
    if (sink) await pipeline(source, paced(sink), parser);
    else await pipeline(source, parser);
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure) throw failure;
  return { files, texts };
}

/** Passes the archive's chunks on, each once the sink lets it. */
function paced(sink: TarballSink): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const wait = sink.pace();
      if (!wait) return callback(null, chunk);
      wait.then(() => callback(null, chunk), callback);
    },
  });
}

/**
 * The paths kept so far, as a folder would hold them: a path where a kept file is a folder on the way, or a
 * folder of a kept file, cannot be a file too (the first one wins, as when the files are written).
 */
class PathShape {
  readonly #seen = new Set<string>();
  readonly #files = new Set<string>();
  readonly #folders = new Set<string>();

  /** True for a path seen before: the first of two entries with the same path is the one kept. */
  listed(path: string): boolean {
    if (this.#seen.has(path)) return true;
    this.#seen.add(path);
    return false;
  }

  /** `above`: the path's foldersOf. */
  fits(path: string, above: readonly string[]): boolean {
    if (this.#folders.has(path)) return false;
    return !above.some((folder) => this.#files.has(folder));
  }

  add(path: string, above: readonly string[]): void {
    this.#files.add(path);
    for (const folder of above) this.#folders.add(folder);
  }
}

/** The folders on a path's way, outermost first: `a/b/c.ts` -> `a`, `a/b`. */
function foldersOf(path: string): string[] {
  const folders: string[] = [];
  for (let slash = path.indexOf("/"); slash >= 0; slash = path.indexOf("/", slash + 1))
    folders.push(path.slice(0, slash));
  return folders;
}
