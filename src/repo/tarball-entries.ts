// What a repository tarball's entries may be (read-tarball.ts reads them): the path inside the repository (never
// outside it), which entries are files, why a file is listed without its content, the caps, and the errors that
// stop a read. The archive comes from someone else's repository: an entry a cache folder could not hold (a name
// over 255 bytes, a path over 4096, a name with a backslash) is listed as not kept, never a failure of the read.
import { join, posix } from "node:path";
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

export const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/** Why an entry is listed without being written, decided on its header before any byte reaches the disk. */
export function skipReason(
  path: string,
  size: number,
  dest: string,
  limits: ExtractOptions,
): SkipReason | undefined {
  if (size > limits.maxFileBytes) return "too-large";
  if (limits.exclude?.(path)) return "excluded";
  // A backslash is a separator to Windows and to repositoryPath's escape check: such a name is never written.
  if (path.includes("\\")) return "unwritable";
  // A UTF-16 code unit is at most 3 bytes of UTF-8: shorter names and paths need no count.
  if (
    path.length > MAX_NAME_BYTES / 3 &&
    path.split("/").some((name) => Buffer.byteLength(name) > MAX_NAME_BYTES)
  )
    return "unwritable";
  if (
    (dest.length + 1 + path.length) * 3 >= MAX_PATH_BYTES &&
    Buffer.byteLength(join(dest, path)) >= MAX_PATH_BYTES
  )
    return "unwritable";
  return undefined;
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
