// Writes a commit read into memory (read-tarball.ts) to a snapshot cache folder: the texts a plan may read, each
// to its path, owner-only. Files without a kept text (binaries, lockfiles, secrets, files over the size cap) are
// listed in the manifest as not written, so a plan served from the folder reads exactly what one served from memory
// reads.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TarballContents } from "./read-tarball.js";
import type { ExtractedFile } from "./tarball-entries.js";

export async function writeTexts(dir: string, contents: TarballContents): Promise<ExtractedFile[]> {
  const made = new Set<string>();
  const files: ExtractedFile[] = [];
  for (const file of contents.files) {
    const text = file.skipped ? undefined : contents.texts.bytes(file.path);
    if (text === undefined) {
      files.push({ path: file.path, size: file.size, skipped: file.skipped ?? "excluded" });
      continue;
    }
    // Paths were checked when read: inside the folder, no backslash, no name too long, no file where a folder goes.
    const written = await writeText(join(dir, ...file.path.split("/")), text, made);
    files.push(written ? file : { path: file.path, size: file.size, skipped: "unwritable" });
  }
  return files;
}

/**
 * Writes one text owner-only; false when its path is too long once under the cache folder (that file alone is not
 * cached: a later plan served from the folder does without it, as without any file a file system cannot hold).
 */
async function writeText(target: string, text: Uint8Array, made: Set<string>): Promise<boolean> {
  try {
    const folder = dirname(target);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      made.add(folder);
    }
    await writeFile(target, text, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENAMETOOLONG") throw error;
    return false;
  }
}
