// Whether the job plans at all: the webhook handler admitted the trigger without asking GitHub anything, so the
// job decides with the configuration at the commit it plans and the asking user's permission. A trigger that is
// not allowed ends the job quietly; an earlier trigger merged into the job may still be, and then plans instead.
import type { ProbotOctokit } from "probot";
import { mayTrigger, type PermissionCache } from "../github/may-trigger.js";
import type { PlanRequest, Trigger } from "./plan-request.js";
import { askingUser, configRefusal } from "./trigger-rules.js";

export type Confirmation =
  | { kind: "allowed"; request: PlanRequest }
  /** Nobody who may ask for plans asked: the reason is logged, nothing is posted. */
  | { kind: "refused"; reason: string };

export async function confirmTrigger(
  request: PlanRequest,
  octokit: ProbotOctokit,
  cache?: PermissionCache,
): Promise<Confirmation> {
  const { otherTriggers, ...rest } = request;
  let first: string | undefined;
  for (const trigger of [request.trigger, ...(otherTriggers ?? [])]) {
    const refusal = await refusalOf(trigger, request, octokit, cache);
    if (!refusal) return { kind: "allowed", request: { ...rest, trigger } };
    first ??= refusal;
  }
  return { kind: "refused", reason: first ?? "no trigger" };
}

async function refusalOf(
  trigger: Trigger,
  request: PlanRequest,
  octokit: ProbotOctokit,
  cache: PermissionCache | undefined,
): Promise<string | undefined> {
  const refusal = configRefusal(trigger, request.issue.labels, request.config);
  if (refusal) return refusal;
  const user = askingUser(trigger);
  if (!user) return undefined;
  // Only people the configuration allows (by default: write access and above) may make the app spend money.
  const { permissions } = request.config;
  const repo = { owner: request.owner, repo: request.repo };
  if (await mayTrigger(octokit, repo, user, permissions, cache)) return undefined;
  return `${user.login} may not ask for plans here (the configuration asks for ${permissions.minimum} permission or above)`;
}
