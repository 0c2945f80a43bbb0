// The app's own bot login (`<slug>[bot]`), read once per process with the app's JWT: its comments are the only
// ones it may update or delete.
import type { ProbotOctokit } from "probot";

/** Reads the app's slug on first use; a failed read is tried again by the next job rather than remembered. */
export function appBotLogin(appOctokit: () => Promise<ProbotOctokit>): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= (async () => {
      const octokit = await appOctokit();
      const { data } = await octokit.request("GET /app");
      const slug = data?.slug;
      if (!slug) throw new Error("GitHub's GET /app answered without the app's slug.");
      return `${slug}[bot]`;
    })().catch((error: unknown) => {
      login = undefined;
      throw error;
    });
    return login;
  };
}
