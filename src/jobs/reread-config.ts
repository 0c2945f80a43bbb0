// A trigger whose configuration read failed was admitted on the operator's defaults: the job reads the
// configuration again before it plans, and tells the issue when it still cannot (never a silent end).
import type { ProbotOctokit } from "probot";
import type { RepoSetup } from "../config/load-repo-config.js";
import { UserFacingError } from "../errors.js";
import { describeRequestFailure } from "../github/describe-request-failure.js";
import { classifyFailure } from "./classify-failure.js";
import type { PlanRequest } from "./plan-request.js";

export type ReadConfig = (
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
) => Promise<RepoSetup>;

/** The request with the configuration read now; throws a passing failure for a retry, unless `final`. */
export async function rereadConfig(
  request: PlanRequest,
  octokit: ProbotOctokit,
  read: ReadConfig,
  options: { configPath: string; final: boolean },
): Promise<PlanRequest> {
  if (!request.configUnread) return request;
  const { configUnread: _unread, ...rest } = request;
  let setup: RepoSetup;
  try {
    setup = await read(octokit, { owner: request.owner, repo: request.repo });
  } catch (error) {
    if (classifyFailure(error).transient && !options.final) throw error;
    throw new UserFacingError(
      `It could not read this repository's settings file (${options.configPath}) from GitHub: ${describeRequestFailure(error)}. Check that the app may read this repository's contents (the "Contents: read" permission of the app's installation) and, on GitHub Enterprise Server, that its GraphQL API answers; then ask again.`,
      { cause: error },
    );
  }
  if (!setup.ok) return { ...rest, configProblems: setup.problems };
  return { ...rest, config: setup.config, ...(setup.commit ? { commit: setup.commit } : {}) };
}
