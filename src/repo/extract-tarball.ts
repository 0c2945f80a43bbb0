// Streams a repository tarball (gzip or plain) into a folder, guarded: no entry may leave the folder, links are
// never created, and caps on total bytes, file count and per-file size stop a bomb or a huge repository early.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import type { RepoFile } from "./repo-snapshot.js";

export interface ExtractLimits {
  /** Sum of the sizes of the files written; above it the extraction stops. */
  maxTotalBytes: number;
  maxFiles: number;
  /** Larger files are listed with their size but not written. */
  maxFileBytes: number;
}

export interface ExtractedFile extends RepoFile {
  /** Not written: over the per-file cap. */
  skipped?: boolean;
}

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
  limits: ExtractLimits,
): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
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
    if (files.length + 1 > limits.maxFiles) {
      return fail(new ArchiveTooLargeError(`The repository has more than ${limits.maxFiles} files.`));
    }
    if (entry.size > limits.maxFileBytes) {
      files.push({ path, size: entry.size, skipped: true });
      return entry.resume();
    }
    totalBytes += entry.size;
    if (totalBytes > limits.maxTotalBytes) {
      return fail(new ArchiveTooLargeError(`The repository's files exceed ${limits.maxTotalBytes} bytes.`));
    }
    files.push({ path, size: entry.size });
    const target = join(dest, ...path.split("/"));
    entry.pause();
    // Destroying a paused entry emits its error at once: without a listener that would throw past the cleanup.
    entry.on("error", () => {});
    active.add(entry);
    writes.push(
      (async () => {
        const folder = dirname(target);
        if (!made.has(folder)) {
          await mkdir(folder, { recursive: true });
          made.add(folder);
        }
        // A write stopped early may still be opening its file when the pipeline rejects: wait for its close, so
        // no file appears in the folder after the extraction has returned (and the caller removed the folder).
        const out = createWriteStream(target, { flags: "wx" });
        const closed = once(out, "close").catch(() => {});
        try {
          await pipeline(entry, out);
        } finally {
          await closed;
        }
      })().finally(() => active.delete(entry)),
    );
  });

  try {
    await pipeline(source, parser);
  } catch (error) {
    failure ??= error as Error;
    stopWrites(failure);
  }
  // Let every started write settle before returning, so the caller can remove the folder safely.
  const settled = await Promise.allSettled(writes);
  const writeError = settled.find((result) => result.status === "rejected");
  if (failure) throw failure;
  if (writeError) throw writeError.reason;
  return files;
}

/**
 * The path inside the repository: GitHub puts everything under one `owner-repo-sha/` folder, which is dropped.
 * undefined when the entry would escape (absolute, `..`), "" for the top folder itself.
 */
export function repositoryPath(entryPath: string): string | undefined {
  const raw = entryPath.replace(/\\/g, "/");
  if (raw.startsWith("/") || /^[a-zA-Z]:/.test(raw) || raw.split("/").includes("..")) return undefined;
  const normalized = posix.normalize(raw).replace(/^\.\//, "").replace(/\/$/, "");
  const slash = normalized.indexOf("/");
  return slash < 0 ? "" : normalized.slice(slash + 1);
}
