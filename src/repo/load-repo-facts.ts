// Reads what grounding needs from a snapshot: its file list and its manifests.
import { buildRepoFacts, manifestPaths, type RepoFacts } from "../plan/repo-facts.js";
import type { RepoSnapshot } from "./repo-snapshot.js";

export async function loadRepoFacts(snapshot: RepoSnapshot): Promise<RepoFacts> {
  const paths = (await snapshot.listFiles()).map((file) => file.path);
  const manifests = new Map<string, string>();
  await Promise.all(
    manifestPaths(paths).map(async (path) => {
      const text = await snapshot.readFile(path);
      if (text !== undefined) manifests.set(path, text);
    }),
  );
  return buildRepoFacts(paths, manifests);
}
