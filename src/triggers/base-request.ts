// The parts of a plan request every trigger shares: the repository, the issue as it was, the configuration.

import type { RepoConfig } from "../config/repo-config.js";
import { authorTextOf } from "../github/issue-body-section.js";
import type { PlanRequest } from "../jobs/plan-request.js";
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

export interface ConfigRead {
  config: RepoConfig;
  /** Problems with the repository's file; the job reports them instead of planning. */
  problems: string[];
  /** The default branch's head commit, read with the configuration (absent when that was cached). */
  commit?: string;
  /** Why the configuration could not be read (the operator's defaults stand in; the job reads it again). */
  unread?: string;
}

function baseRequest(
  payload: IssuePayload & { installation: { id: number } },
  deliveryId: string,
  read: ConfigRead,
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
    ...(read.commit ? { commit: read.commit } : {}),
    deliveryId,
    config: read.config,
    configProblems: read.problems,
    ...(read.unread ? { configUnread: read.unread } : {}),
  };
}

/** The configured labels that keep an issue from being planned, among the issue's labels. */
function excludingLabels(labels: string[], config: RepoConfig): string[] {
  const excluded = new Set(config.labels.exclude.map((name) => name.toLowerCase()));
  return labels.filter((name) => excluded.has(name.toLowerCase()));
}

/** A plan for the issue unless one of its labels is excluded by the configuration. */
export function planUnlessExcluded(
  payload: IssuePayload,
  deliveryId: string,
  read: ConfigRead,
  trigger: PlanRequest["trigger"],
): TriggerDecision {
  const excluded = excludingLabels(
    (payload.issue.labels ?? []).map((entry) => entry.name),
    read.config,
  );
  if (excluded.length > 0)
    return { kind: "ignore", reason: `the issue has the excluded label ${excluded.join(", ")}` };
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
