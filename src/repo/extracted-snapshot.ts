// A commit saved in a snapshot cache folder, read back file by file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RepoSnapshot } from "./repo-snapshot.js";
import type { ExtractedFile } from "./tarball-entries.js";

export function extractedSnapshot(
  dir: string,
  files: ExtractedFile[],
  commit: string,
): RepoSnapshot & { commit: string } {
  const listed = new Map(files.map((file) => [file.path, file]));
  return {
    commit,
    listFiles: async () => files.map(({ path, size }) => ({ path, size })),
    readFile: async (path) => {
      const file = listed.get(path);
      if (!file || file.skipped) return undefined;
      // Only a path the extraction wrote is read, and it wrote plain files alone (never a link) into a folder that
      // is this process user's only: no real-path check is needed (it cost a third of reading a large repository).
      return readFile(join(dir, ...path.split("/")), "utf8").catch((error: NodeJS.ErrnoException) => {
        // The cache removed the folder meanwhile: as good as absent. Anything else is a real failure.
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
    },
  };
}
