// First context source: the file tree of the default branch, its root package.json, Makefile and README.
// Four requests at most (the branch comes from the webhook), whatever the size of the repository.
import type { ProbotOctokit } from "probot";
import { UserFacingError } from "../errors.js";

export interface RepositoryOverview {
  fullName: string;
  defaultBranch: string;
  /** Paths of the files (blobs) at the head of the default branch. */
  paths: string[];
  /** GitHub stops listing after 100,000 entries or 7 MB. */
  treeTruncated: boolean;
  packageJson?: string;
  /** The root Makefile, when there is one: its targets ground `make X` commands. */
  makefile?: string;
  readme?: { path: string; text: string };
}

const README = /^readme(\.(md|markdown|mdx|rst|txt|adoc))?$/i;
// Only the start of a README is used; cap the download as well.
const MAX_README_BYTES = 200_000;

export async function fetchRepositoryOverview(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  defaultBranch: string,
): Promise<RepositoryOverview> {
  let tree: Awaited<ReturnType<ProbotOctokit["rest"]["git"]["getTree"]>>["data"];
  try {
    ({ data: tree } = await octokit.rest.git.getTree({
      ...repo,
      tree_sha: defaultBranch,
      recursive: "true",
    }));
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 409) {
      throw new UserFacingError(
        `The repository has no files on its default branch \`${defaultBranch}\` yet, so there is nothing to plan against.`,
        { cause: error },
      );
    }
    throw error;
  }
  const paths = tree.tree
    .filter((entry) => entry.type === "blob" && entry.path)
    .map((entry) => entry.path as string);
  const readmePath = paths.find((path) => !path.includes("/") && README.test(path));
  const [packageJson, makefile, readmeText] = await Promise.all([
    paths.includes("package.json") ? readText(octokit, repo, "package.json", defaultBranch) : undefined,
    paths.includes("Makefile") ? readText(octokit, repo, "Makefile", defaultBranch) : undefined,
    readmePath ? readText(octokit, repo, readmePath, defaultBranch) : undefined,
  ]);
  return {
    fullName: `${repo.owner}/${repo.repo}`,
    defaultBranch,
    paths,
    treeTruncated: tree.truncated,
    ...(packageJson !== undefined ? { packageJson } : {}),
    ...(makefile !== undefined ? { makefile } : {}),
    ...(readmePath && readmeText !== undefined ? { readme: { path: readmePath, text: readmeText } } : {}),
  };
}

async function readText(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  path: string,
  ref: string,
): Promise<string | undefined> {
  try {
    const response = await octokit.rest.repos.getContent({
      ...repo,
      path,
      ref,
      mediaType: { format: "raw" },
    });
    const text = String(response.data as unknown);
    return text.length > MAX_README_BYTES ? text.slice(0, MAX_README_BYTES) : text;
  } catch (error) {
    // Removed between the tree listing and this read: plan without it.
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
