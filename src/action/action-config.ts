// The configuration a run plans with: the repository's settings file over the operator's defaults, as on a server,
// with the `language` and `instructions` inputs among those defaults (`plan.language`, `plan.instructions`). A
// repository's file that sets one of these keys wins over the input, as it wins over the `label` input.
import type { AppEnv } from "../config/env.js";
import { RepoConfigLoader } from "../config/load-repo-config.js";
import { type ServerPolicy, serverPolicy } from "../config/validate-repo-config.js";
import type { ReadConfig } from "../jobs/read-job-config.js";
import type { PlanDefaults } from "./action-inputs.js";

type PolicyEnv = Parameters<typeof serverPolicy>[0] & Pick<AppEnv, "CONFIG_PATH">;

export function actionPolicy(env: PolicyEnv, plan: PlanDefaults): ServerPolicy {
  const policy = serverPolicy(env);
  if (Object.keys(plan).length === 0) return policy;
  // The operator's defaults are merged under the repository's file key by key (validateRepoConfig's
  // withDefaults), whatever the keys; ServerPolicy's type names only the labels a server's environment sets.
  const defaults = { ...policy.defaults, plan };
  return { ...policy, defaults };
}

/** Reads the configuration at the commit each job plans (no cache), with the run's defaults under it. */
export function actionConfigReader(policy: ServerPolicy): ReadConfig {
  return (octokit, repo) => new RepoConfigLoader(policy, 0).load(octokit, repo);
}
