// The parts of a plan request every trigger shares: the repository, the issue as it was, the configuration.

import type { RepoConfig } from "../config/repo-config.js";
import { authorTextOf } from "../github/issue-body-section.js";
import type { PlanRequest } from "../jobs/plan-request.js";
import { configRefusal } from "../jobs/trigger-rules.js";
import { isBotSender } from "./is-bot-sender.js";
import type { TriggerDecision } from "./trigger-decision.js";

interface IssuePayload {
  repository: { name: string; default_branch: string; owner: { login: string } };
  issue: {
    number: number;
    title: string;
    body?: string | null;
    labels?: { name: string }[];
    comments?: number;
  };
  installation?: { id: number } | null;
}

/** The configuration a webhook is admitted with: the one read lately for the repository, or the operator's defaults. */
export interface KnownConfig {
  config: RepoConfig;
  /**
   * Whether it was read lately. When not, every trigger that could be allowed is queued: only the job, reading
   * the configuration at the commit it plans, can tell a renamed trigger label from any other label.
   */
  known: boolean;
}

export function baseRequest(
  payload: IssuePayload & { installation: { id: number } },
  deliveryId: string,
  read: KnownConfig,
): Omit<PlanRequest, "trigger"> {
  return {
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issueNumber: payload.issue.number,
    installationId: payload.installation.id,
    defaultBranch: payload.repository.default_branch,
    issue: {
      title: payload.issue.title,
      // With the `body` output target the issue holds the app's own section: the model gets the author's text.
      body: payload.issue.body == null ? null : authorTextOf(payload.issue.body),
      labels: (payload.issue.labels ?? []).map((entry) => entry.name),
      ...(payload.issue.comments !== undefined ? { comments: payload.issue.comments } : {}),
    },
    deliveryId,
    config: read.config,
    configProblems: [],
  };
}

/**
 * A plan request for the issue, unless the configuration known to the handler surely refuses the trigger (the job
 * checks again with the configuration at the commit, and checks who asked).
 */
export function admitTrigger(
  payload: IssuePayload,
  deliveryId: string,
  read: KnownConfig,
  trigger: PlanRequest["trigger"],
): TriggerDecision {
  const labels = (payload.issue.labels ?? []).map((entry) => entry.name);
  const refusal = read.known ? configRefusal(trigger, labels, read.config) : undefined;
  if (refusal) return { kind: "ignore", reason: refusal };
  const installation = payload.installation as { id: number };
  return {
    kind: "plan",
    request: { ...baseRequest({ ...payload, installation }, deliveryId, read), trigger },
  };
}

/** Bots, pull requests and events without an installation never trigger. */
export function commonChecks(payload: {
  sender: { login: string; type?: string | null };
  issue: { pull_request?: unknown };
  installation?: unknown;
}): TriggerDecision | undefined {
  if (isBotSender(payload.sender))
    return { kind: "ignore", reason: `sender ${payload.sender.login} is a bot` };
  if (payload.issue.pull_request) return { kind: "ignore", reason: "pull requests are not planned" };
  if (!payload.installation) return { kind: "ignore", reason: "event has no installation" };
  return undefined;
}
