// A GitHub repository at one commit: one tarball request, read into memory and then saved to the snapshot cache for
// later plans; above the caps, the trees API for the listing and the contents API for just the files the context
// selects.

import { Readable } from "node:stream";
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { httpStatusOf } from "../errors.js";
import { extractedSnapshot } from "./extracted-snapshot.js";
import { githubFetch } from "./github-fetch.js";
import { isSecretPath, readableByName } from "./path-rules.js";
import { readTarball, type TarballContents, type TarballSink, tarballSnapshot } from "./read-tarball.js";
import type { RepoFile, RepoSnapshot } from "./repo-snapshot.js";
import type { SnapshotCache } from "./snapshot-cache.js";
import { ArchiveTooLargeError, type ExtractLimits } from "./tarball-entries.js";

export interface GitHubSnapshotOptions {
  cache: SnapshotCache;
  limits: ExtractLimits;
  log: Logger;
  /** Subtree listings allowed when the recursive tree is truncated. */
  maxTreeRequests?: number;
  /** The commit `ref` points at, when the caller already knows it (saves a request). */
  knownCommit?: string;
  /** Follows the tarball's read as it streams (not told anything for a cached or trees-API snapshot). */
  sink?: TarballSink;
}

export interface GitHubSnapshot extends RepoSnapshot {
  readonly commit: string;
  /** Where the files came from: the cache (no download), a tarball, or the trees and contents APIs. */
  readonly source: "cache" | "tarball" | "trees";
  /** True when even the trees API could not list every file. */
  readonly partial: boolean;
}

type Repo = { owner: string; repo: string };

export async function openGitHubSnapshot(
  octokit: ProbotOctokit,
  repo: Repo,
  ref: string,
  options: GitHubSnapshotOptions,
): Promise<GitHubSnapshot> {
  const commit = options.knownCommit ?? (await resolveCommit(octokit, repo, ref));
  const key = { ...repo, commit };
  try {
    const cached = await options.cache.cached(key);
    if (cached)
      return { ...extractedSnapshot(cached.dir, cached.files, commit), source: "cache", partial: false };
    // Read into memory for this plan; the cache folder is written afterwards, off the plan's path (writing a large
    // repository's files took most of the time the snapshot took).
    const contents = await options.cache.download(
      key,
      () => downloadTarball(octokit, repo, commit, options),
      (error) => options.log.warn({ err: error }, "could not save the repository to the snapshot cache"),
    );
    return { ...tarballSnapshot(contents, commit), source: "tarball", partial: false };
  } catch (error) {
    if (!(error instanceof ArchiveTooLargeError)) throw error;
    options.log.warn(
      { reason: error.message },
      "repository above the tarball caps: listing it through the trees API",
    );
    return treeSnapshot(octokit, repo, commit, options);
  }
}

/** One request for the commit id of a branch, tag or sha (the `sha` media type answers with just the id). */
async function resolveCommit(octokit: ProbotOctokit, repo: Repo, ref: string): Promise<string> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
    ...repo,
    ref,
    headers: { accept: "application/vnd.github.sha" },
  });
  // GitHub labels it `application/vnd.github.sha; charset=utf-8` (read as text); without a charset it is bytes.
  const text = data instanceof ArrayBuffer ? new TextDecoder().decode(data) : String(data);
  const commit = text.trim();
  if (!/^[0-9a-f]{40}$/.test(commit))
    throw new Error(`GitHub answered an unexpected commit id for ${ref}: ${commit.slice(0, 60)}`);
  return commit;
}

async function downloadTarball(
  octokit: ProbotOctokit,
  repo: Repo,
  commit: string,
  options: GitHubSnapshotOptions,
): Promise<TarballContents> {
  // GitHub answers 302 to a short-lived download link; fetch follows it. The body is streamed, never buffered whole.
  const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    ...repo,
    ref: commit,
    // Octokit returns the body alone: this fetch keeps it from being cancelled by a garbage collection (github-fetch.ts).
    request: { parseSuccessResponseBody: false, fetch: githubFetch },
  });
  const body = response.data as unknown as ReadableStream<Uint8Array>;
  // Secret files (.env, keys) are never read: their content is dropped as it streams by, and never cached.
  const contents = await readTarball(Readable.fromWeb(body as never), {
    ...options.limits,
    exclude: isSecretPath,
    wanted: readableByName,
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const unwritable = contents.files.filter((file) => file.skipped === "unwritable").map((file) => file.path);
  if (unwritable.length > 0)
    options.log.warn(
      { paths: unwritable.slice(0, 20).map((path) => path.slice(0, 200)), count: unwritable.length },
      "files this file system cannot hold were listed without their content",
    );
  return contents;
}

async function treeSnapshot(
  octokit: ProbotOctokit,
  repo: Repo,
  commit: string,
  options: GitHubSnapshotOptions,
): Promise<GitHubSnapshot> {
  const { files, partial } = await listTree(octokit, repo, commit, options.maxTreeRequests ?? 30);
  const sizes = new Map(files.map((file) => [file.path, file.size]));
  return {
    commit,
    source: "trees",
    partial,
    listFiles: async () => files,
    readFile: async (path) => {
      const size = sizes.get(path);
      if (size === undefined || size > options.limits.maxFileBytes) return undefined;
      try {
        const { data } = await octokit.rest.repos.getContent({
          ...repo,
          path,
          ref: commit,
          mediaType: { format: "raw" },
        });
        return String(data as unknown);
      } catch (error) {
        if (httpStatusOf(error) === 404) return undefined;
        throw error;
      }
    },
  };
}

/** The recursive tree; when GitHub truncates it, the top level and then each subtree on its own. */
async function listTree(
  octokit: ProbotOctokit,
  repo: Repo,
  commit: string,
  maxRequests: number,
): Promise<{ files: RepoFile[]; partial: boolean }> {
  const whole = await octokit.rest.git.getTree({ ...repo, tree_sha: commit, recursive: "true" });
  if (!whole.data.truncated) return { files: blobs(whole.data.tree, ""), partial: false };
  const top = await octokit.rest.git.getTree({ ...repo, tree_sha: commit });
  const files = blobs(top.data.tree, "");
  let requests = 2;
  let partial = false;
  for (const entry of top.data.tree) {
    if (entry.type !== "tree" || !entry.sha || !entry.path) continue;
    if (requests >= maxRequests) {
      partial = true;
      break;
    }
    requests += 1;
    const sub = await octokit.rest.git.getTree({ ...repo, tree_sha: entry.sha, recursive: "true" });
    partial ||= sub.data.truncated;
    files.push(...blobs(sub.data.tree, `${entry.path}/`));
  }
  return { files, partial };
}

function blobs(tree: { path?: string; type?: string; size?: number }[], prefix: string): RepoFile[] {
  return tree
    .filter((entry) => entry.type === "blob" && entry.path)
    .map((entry) => ({ path: `${prefix}${entry.path}`, size: entry.size ?? 0 }));
}
