// Streams a repository tarball (gzip or plain) into a folder, guarded: no entry may leave the folder, links are
// never created, and caps on total bytes, file count and per-file size stop a bomb or a huge repository early.
// The archive comes from someone else's repository: an entry this file system cannot hold (a name over 255
// bytes, a path over 4096, a second entry of the same path, a name with a backslash) is listed as not written,
// never a failure of the whole extraction, and never an error left unhandled.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import type { RepoFile } from "./repo-snapshot.js";

/** Why a listed file was not written: over the size cap, kept off disk by the caller, or not writable here. */
type SkipReason = "too-large" | "excluded" | "unwritable";

export interface ExtractLimits {
  /** Sum of the sizes of the files written; above it the extraction stops. */
  maxTotalBytes: number;
  maxFiles: number;
  /** Larger files are listed with their size but not written. */
  maxFileBytes: number;
}

export interface ExtractOptions extends ExtractLimits {
  /** Files never written to disk (secrets): listed with their size, their content dropped as it streams by. */
  exclude?: (path: string) => boolean;
  /**
   * Files whose text the caller wants as well as the written file (the files a plan reads): handed to `onText`
   * once written, so the first plan does not read back what it just wrote.
   */
  keepText?: {
    wanted: (path: string, size: number) => boolean;
    onText: (path: string, text: string) => void;
  };
}

export interface ExtractedFile extends RepoFile {
  /** Not written, and why. */
  skipped?: SkipReason;
}

// Linux's limits (NAME_MAX, PATH_MAX), measured in bytes of the path below the destination folder.
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4_096;

export class UnsafeArchiveError extends Error {
  override name = "UnsafeArchiveError";
}

export class ArchiveTooLargeError extends Error {
  override name = "ArchiveTooLargeError";
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

export async function extractTarball(
  source: Readable,
  dest: string,
  limits: ExtractOptions,
): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
  const listed = new Set<string>();
  const writes: Promise<void>[] = [];
  const made = new Set<string>();
  const active = new Set<ReadEntry>();
  let totalBytes = 0;
  let failure: Error | undefined;
  // GitHub's tarballs have ratios far below this; a bomb does not.
  const parser = new Parser({ strict: true, maxDecompressionRatio: 200 });

  const fail = (error: Error) => {
    failure ??= error;
    parser.abort(error);
    source.destroy();
    stopWrites(error);
  };
  // An entry cut off mid-body never ends by itself: end its write so the caller is not left waiting.
  const stopWrites = (error: Error) => {
    for (const entry of active) entry.destroy(error);
  };

  parser.on("entry", (entry: ReadEntry) => {
    if (failure) return entry.resume();
    const path = repositoryPath(entry.path);
    if (path === undefined)
      return fail(
        new UnsafeArchiveError(`The archive entry "${entry.path}" would leave the repository folder.`),
      );
    if (!FILE_TYPES.has(entry.type) || path === "") {
      // Directories are made as needed; symbolic and hard links are never created, so none can point outside.
      return entry.resume();
    }
    if (listed.has(path)) return entry.resume();
    listed.add(path);
    if (files.length + 1 > limits.maxFiles) {
      return fail(new ArchiveTooLargeError(`The repository has more than ${limits.maxFiles} files.`));
    }
    const skip = skipReason(path, entry.size, dest, limits);
    if (skip) {
      files.push({ path, size: entry.size, skipped: skip });
      return entry.resume();
    }
    totalBytes += entry.size;
    if (totalBytes > limits.maxTotalBytes) {
      return fail(new ArchiveTooLargeError(`The repository's files exceed ${limits.maxTotalBytes} bytes.`));
    }
    const file: ExtractedFile = { path, size: entry.size };
    files.push(file);
    entry.pause();
    // Destroying a paused entry emits its error at once: without a listener that would throw past the cleanup.
    entry.on("error", () => {});
    active.add(entry);
    // Every write settles here, never rejects: a rejection waiting for the final allSettled would be unhandled
    // in the meantime, and Node ends the process on one.
    const keep = limits.keepText?.wanted(path, entry.size) ? limits.keepText : undefined;
    const onText = keep ? (text: string) => keep.onText(path, text) : undefined;
    const write = writeEntry(entry, join(dest, ...path.split("/")), made, onText).catch((error: unknown) => {
      // Stopped by the extraction's own failure: that failure is what the caller gets.
      if (failure) return;
      if (!isFileSystemError(error)) return fail(error instanceof Error ? error : new Error(String(error)));
      // This file system cannot hold the entry (a file where a folder must go...): list it as not written, and
      // drain what is left of its body so the archive goes on.
      file.skipped = "unwritable";
      if (!entry.destroyed) entry.resume();
    });
    writes.push(write.finally(() => active.delete(entry)));
  });

  try {
    await pipeline(source, parser);
  } catch (error) {
    failure ??= error as Error;
    stopWrites(failure);
  }
  // Let every started write settle before returning, so the caller can remove the folder safely.
  await Promise.all(writes);
  if (failure) throw failure;
  return files;
}

/** Why an entry is listed without being written, decided on its header before any byte reaches the disk. */
function skipReason(
  path: string,
  size: number,
  dest: string,
  limits: ExtractOptions,
): SkipReason | undefined {
  if (size > limits.maxFileBytes) return "too-large";
  if (limits.exclude?.(path)) return "excluded";
  const names = path.split("/");
  // A backslash is a separator to Windows and to repositoryPath's escape check: such a name is never written.
  if (path.includes("\\")) return "unwritable";
  if (names.some((name) => Buffer.byteLength(name) > MAX_NAME_BYTES)) return "unwritable";
  if (Buffer.byteLength(join(dest, path)) >= MAX_PATH_BYTES) return "unwritable";
  return undefined;
}

/**
 * Writes one entry with owner-only permissions, and hands its text to `onText` once written; rejects when the file
 * system refuses it.
 */
async function writeEntry(
  entry: ReadEntry,
  target: string,
  made: Set<string>,
  onText?: (text: string) => void,
): Promise<void> {
  const folder = dirname(target);
  if (!made.has(folder)) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    made.add(folder);
  }
  // A write stopped early may still be opening its file when the pipeline rejects: wait for its close, so no file
  // appears in the folder after the extraction has returned (and the caller removed the folder).
  const out = createWriteStream(target, { flags: "wx", mode: 0o600 });
  const closed = once(out, "close").catch(() => {});
  const chunks: Buffer[] = [];
  try {
    if (onText) {
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done(null, chunk);
        },
      });
      await pipeline(entry, tap, out);
    } else await pipeline(entry, out);
  } finally {
    await closed;
  }
  onText?.(Buffer.concat(chunks).toString("utf8"));
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/**
 * The path inside the repository: GitHub puts everything under one `owner-repo-sha/` folder, which is dropped.
 * undefined when the entry would escape (absolute, `..`), "" for the top folder itself.
 */
export function repositoryPath(entryPath: string): string | undefined {
  const raw = entryPath;
  // Backslashes count as separators here, so `..\\` cannot escape on a system that reads them so.
  const parts = raw.split(/[\\/]/);
  if (raw.startsWith("/") || /^[a-zA-Z]:/.test(raw) || parts.includes("..")) return undefined;
  const normalized = posix.normalize(raw).replace(/^\.\//, "").replace(/\/$/, "");
  const slash = normalized.indexOf("/");
  return slash < 0 ? "" : normalized.slice(slash + 1);
}
