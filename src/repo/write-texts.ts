// Writes a commit read into memory (read-tarball.ts) to a snapshot cache folder: the texts a plan may read, each
// to its path, owner-only. Files without a kept text (binaries, lockfiles, secrets, files over the size cap) are
// listed in the manifest as not written, so a plan served from the folder reads exactly what one served from memory
// reads.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ExtractedFile } from "./extract-tarball.js";
import type { TarballContents } from "./read-tarball.js";

export async function writeTexts(dir: string, contents: TarballContents): Promise<ExtractedFile[]> {
  const made = new Set<string>();
  const files: ExtractedFile[] = [];
  for (const file of contents.files) {
    const text = file.skipped ? undefined : contents.texts.get(file.path);
    if (text === undefined) {
      files.push({ path: file.path, size: file.size, skipped: file.skipped ?? "excluded" });
      continue;
    }
    // Paths were checked when read: inside the folder, no backslash, no name too long, no file where a folder goes.
    const target = join(dir, ...file.path.split("/"));
    const folder = dirname(target);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      made.add(folder);
    }
    await writeFile(target, text, { flag: "wx", mode: 0o600 });
    files.push(file);
  }
  return files;
}
