// Stage 2: where the plan goes and what it is written from. Finds the app's earlier comments (only when there can
// be some), opens the plan's surface with its first status line, and reads the repository at the planned commit
// as the model may see it.
import type { ProbotOctokit } from "probot";
import type { BackgroundIndex } from "../../context/background-index.js";
import { openIndexed } from "../../context/commit-index.js";
import { findAppComments } from "../../github/find-app-comments.js";
import type { PlanSurface } from "../../github/plan-surfaces.js";
import { readPostedPlan } from "../../plan/read-posted-plan.js";
import { type GitHubSnapshot, openGitHubSnapshot } from "../../repo/github-snapshot.js";
import { type SafeSnapshot, safeSnapshot } from "../../repo/safe-snapshot.js";
import { mayHaveAppComments } from "../issue-records.js";
import { type JobScope, step } from "../job-scope.js";
import { openPlanSurface } from "../plan-outputs.js";
import { PlanProgress } from "../plan-progress.js";
import { issueKey } from "../plan-request.js";

export interface RepositoryRead {
  surface: PlanSurface;
  /** Why the plan is not where the configuration asked (a body too long for it). */
  notice?: string;
  /** The plan now posted, if any (regenerating keeps its ticks; `refine` changes it). */
  previous?: string;
  snapshot: GitHubSnapshot;
  files: SafeSnapshot;
  /** The term index a worker thread builds of the downloaded files, when there is one (its `failure` is logged). */
  background?: BackgroundIndex;
}

export async function readRepository(scope: JobScope, exclude: string[]): Promise<RepositoryRead> {
  const { request, deps, octokit, issue } = scope;
  const key = issueKey(request);
  // A first plan on an issue without comments has nothing to find: the listing request is skipped.
  const listed = await step(scope, "reading the issue's comments", async () =>
    (await mayHaveAppComments(
      deps.records,
      key,
      request.issue.comments,
      request.trigger.kind === "command" ? 1 : 0,
      scope.attempt.rerun,
    ))
      ? findAppComments(octokit, issue, scope.own)
      : {},
  );
  scope.existing = listed;
  const { surface, notice } = await openPlanSurface(
    octokit,
    issue,
    request.config.plan.output,
    listed,
    scope.log,
  );
  if (surface.kind === "comment") await deps.records.markAppComments(key);
  scope.progress = new PlanProgress(surface, deps.progress);
  await scope.progress.start("Reading the repository...", scope.acknowledgement);
  const {
    opened: snapshot,
    files,
    background,
  } = await openIndexed(
    deps.indexThreads ?? false,
    (sink) => step(scope, "reading the repository", () => openSnapshot(scope, octokit, sink), "snapshot"),
    (opened) => safeFiles(scope, opened, exclude),
  );
  const previous = surface.previous ? readPostedPlan(surface.previous) : undefined;
  return {
    surface,
    ...(notice ? { notice } : {}),
    ...(previous !== undefined ? { previous } : {}),
    snapshot,
    files,
    ...(background ? { background } : {}),
  };
}

/**
 * The repository as the model may see it. A snapshot read from the tarball is kept for the next plan on the same
 * commit and settings; one read through the trees API is not (its reads are requests with this job's token).
 */
function safeFiles(scope: JobScope, snapshot: GitHubSnapshot, exclude: string[]): SafeSnapshot {
  const { request, deps } = scope;
  const open = () => safeSnapshot(snapshot, { maxFileBytes: deps.env.MAX_FILE_BYTES, exclude });
  if (!deps.warmSnapshots || snapshot.source === "trees") return open();
  const repo = `${request.owner}/${request.repo}`.toLowerCase();
  const key = JSON.stringify([repo, snapshot.commit, deps.env.MAX_FILE_BYTES, exclude]);
  return deps.warmSnapshots.get(key, open);
}

function openSnapshot(
  scope: JobScope,
  octokit: ProbotOctokit,
  background: BackgroundIndex | undefined,
): Promise<GitHubSnapshot> {
  const { request, deps } = scope;
  return openGitHubSnapshot(octokit, { owner: request.owner, repo: request.repo }, request.defaultBranch, {
    cache: deps.snapshotCache,
    limits: {
      maxTotalBytes: deps.env.SNAPSHOT_MAX_BYTES,
      maxFiles: deps.env.SNAPSHOT_MAX_FILES,
      maxFileBytes: deps.env.MAX_FILE_BYTES,
    },
    log: scope.log,
    ...(request.commit ? { knownCommit: request.commit } : {}),
    ...(background ? { sink: background } : {}),
  });
}
