// The job reads the repository's configuration itself, with the head commit it plans, in one request: a
// configuration pushed before the trigger is the one the plan follows, and a broken one is reported. The read
// also refreshes the hint the webhook handler admits triggers with.
import type { ProbotOctokit } from "probot";
import type { ConfigHints } from "../config/config-hints.js";
import type { RepoSetup } from "../config/load-repo-config.js";
import { UserFacingError } from "../errors.js";
import { describeRequestFailure } from "../github/describe-request-failure.js";
import { classifyFailure } from "./classify-failure.js";
import type { PlanRequest } from "./plan-request.js";

export type ReadConfig = (
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
) => Promise<RepoSetup>;

export type JobConfigRead =
  | { kind: "read"; request: PlanRequest }
  /** The read failed for good: the job reports `notice` if, on the configuration it was admitted with, it may. */
  | { kind: "unread"; notice: UserFacingError };

/** The request with the configuration and commit read now; throws a passing failure for a retry, unless `final`. */
export async function readJobConfig(
  request: PlanRequest,
  octokit: ProbotOctokit,
  read: ReadConfig,
  options: { configPath: string; final: boolean; hints?: ConfigHints | undefined },
): Promise<JobConfigRead> {
  const repo = { owner: request.owner, repo: request.repo };
  let setup: RepoSetup;
  try {
    setup = await read(octokit, repo);
  } catch (error) {
    if (classifyFailure(error).transient && !options.final) throw error;
    return {
      kind: "unread",
      notice: new UserFacingError(
        `It could not read this repository's settings file (${options.configPath}) from GitHub: ${describeRequestFailure(error)}. Check that the app may read this repository's contents (the "Contents: read" permission of the app's installation) and, on GitHub Enterprise Server, that its GraphQL API answers; then ask again.`,
        { cause: error },
      ),
    };
  }
  await options.hints?.set(repo, setup.ok ? setup.config : undefined);
  const commit = setup.commit ? { commit: setup.commit } : {};
  return setup.ok
    ? { kind: "read", request: { ...request, config: setup.config, configProblems: [], ...commit } }
    : { kind: "read", request: { ...request, configProblems: setup.problems, ...commit } };
}
