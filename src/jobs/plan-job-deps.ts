// What every plan job of a process shares, from the environment and the runtime: the app's workers, the GitHub
// Action and `issue-planner plan --post` build their jobs' dependencies the same way.
import type { AppEnv } from "../config/env.js";
import { RepoConfigLoader } from "../config/load-repo-config.js";
import { serverPolicy } from "../config/validate-repo-config.js";
import { PermissionCache } from "../github/may-trigger.js";
import { WarmSnapshots } from "../repo/warm-snapshots.js";
import type { RunPlanDeps } from "./run-plan-deps.js";

/** The runtime's shares of a job's dependencies, with the whole environment (a job reads part of it). */
export type PlanJobSources = Pick<
  RunPlanDeps,
  "llm" | "snapshotCache" | "quota" | "records" | "llmLimiter" | "metrics" | "progress" | "hints"
> & { env: AppEnv };

/** What every plan job of this process shares, from the environment and the runtime. */
export function planJobDeps(
  deps: PlanJobSources,
  getOctokit: RunPlanDeps["getOctokit"],
  log: RunPlanDeps["log"],
): RunPlanDeps {
  const { env } = deps;
  return {
    getOctokit,
    llm: deps.llm,
    log,
    env,
    snapshotCache: deps.snapshotCache,
    // No cache: every job plans with the configuration at the commit it plans.
    readConfig: (octokit, repo) => new RepoConfigLoader(serverPolicy(env), 0).load(octokit, repo),
    permissions: new PermissionCache(),
    warmSnapshots: new WarmSnapshots(),
    indexThreads: env.INDEX_THREAD,
    ...(deps.hints ? { hints: deps.hints } : {}),
    quota: deps.quota,
    records: deps.records,
    llmLimiter: deps.llmLimiter,
    metrics: deps.metrics,
    ...(deps.progress ? { progress: deps.progress } : {}),
  };
}
