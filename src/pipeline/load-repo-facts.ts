// Reads what grounding needs from a snapshot: its file list and its manifests.
import { buildRepoFacts, manifestPaths, type RepoFacts } from "../plan/repo-facts.js";
import type { RepoSnapshot } from "../repo/repo-snapshot.js";

/** `maxManifests` bounds reads where each costs a request; above it, scripts and dependencies stay unknown. */
export async function loadRepoFacts(
  snapshot: RepoSnapshot,
  maxManifests = Number.POSITIVE_INFINITY,
): Promise<RepoFacts> {
  const paths = (await snapshot.listFiles()).map((file) => file.path);
  const manifests = new Map<string, string>();
  const wanted = manifestPaths(paths);
  await Promise.all(
    (wanted.length > maxManifests ? wanted.filter((path) => !path.includes("/")) : wanted).map(
      async (path) => {
        const text = await snapshot.readFile(path);
        if (text !== undefined) manifests.set(path, text);
      },
    ),
  );
  return buildRepoFacts(paths, manifests);
}
