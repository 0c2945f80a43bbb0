// `issue-planner plan --github owner/repo#N --post`: the app's job itself (status line, plan comment or the
// configured output, reactions, labels, failure notice) run once for the issue with GITHUB_TOKEN. With a
// personal token the comments are that person's, and a later run updates them in place.

import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { AppEnv } from "../config/env.js";
import { fallbackConfig, serverPolicy } from "../config/validate-repo-config.js";
import { httpStatusOf } from "../errors.js";
import { botAuthor, type OwnAuthor, userAuthor } from "../github/own-author.js";
import { planJobDeps } from "../jobs/plan-job-deps.js";
import type { PlanRequest } from "../jobs/plan-request.js";
import { type JobOutcome, runPlan } from "../jobs/run-plan.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import { createMemoryRuntime } from "../memory-runtime.js";
import { Metrics } from "../observability/metrics.js";
import { createSnapshotCache } from "../repo/snapshot-cache.js";
import type { GitHubIssueRef } from "./github-access.js";
import { readGitHubIssue } from "./github-issue.js";

export interface PostedPlan {
  issue: string;
  outcome: JobOutcome;
}

export async function postPlan(
  octokit: ProbotOctokit,
  ref: GitHubIssueRef,
  env: AppEnv,
  llm: LlmClient,
  log: Logger,
): Promise<PostedPlan> {
  const policy = serverPolicy(env);
  const [read, identity] = await Promise.all([readGitHubIssue(octokit, ref, policy), whoAmI(octokit)]);
  const request: PlanRequest = {
    owner: ref.owner,
    repo: ref.repo,
    issueNumber: ref.issueNumber,
    // No installation: the repository keys the plan quota and the model limits.
    installationId: read.repository.id,
    defaultBranch: read.repository.defaultBranch,
    issue: { ...read.issue },
    ...(read.setup.commit ? { commit: read.setup.commit } : {}),
    deliveryId: `cli-${randomUUID()}`,
    trigger: { kind: "cli", actor: identity.actor },
    config: read.setup.ok ? read.setup.config : fallbackConfig(policy),
    configProblems: read.setup.ok ? [] : read.setup.problems,
  };
  const runtime = createMemoryRuntime(env, log);
  // The configuration and commit were read above with the issue: the job plans with them.
  const { readConfig: _read, ...deps } = planJobDeps(
    { ...runtime, env, llm, snapshotCache: createSnapshotCache(env), metrics: new Metrics() },
    async () => octokit,
    log,
  );
  const outcome = await runPlan(request, { ...deps, ownAuthor: identity.own });
  return { issue: `${ref.owner}/${ref.repo}#${ref.issueNumber}`, outcome };
}

/**
 * A personal token writes as its user, whose earlier plan comment is then the one to update; a GitHub App or
 * Actions token (which may not read `/user`) writes as a bot.
 */
async function whoAmI(octokit: ProbotOctokit): Promise<{ actor: string; own: OwnAuthor }> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.type === "Bot"
      ? { actor: data.login, own: botAuthor }
      : { actor: data.login, own: userAuthor(data.login) };
  } catch (error) {
    if (httpStatusOf(error) !== 403) throw error;
    return { actor: "token", own: botAuthor };
  }
}
