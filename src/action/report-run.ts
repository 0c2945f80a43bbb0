// How a run ended, for the runner: one annotation per job or error (each error naming the input to fix and the
// request that failed), the step's outputs, and Markdown for the job's summary page. Pure: main.ts writes it out.
import { httpStatusOf } from "../errors.js";
import { describeRequestFailure, isRequestFailure } from "../github/describe-request-failure.js";
import type { IssueRef } from "../github/issue-ref.js";
import { ActionInputError } from "./action-inputs.js";
import { inActionTerms } from "./action-terms.js";
import { describeFailedRequest, type FailedRequests } from "./failed-requests.js";
import type { ActionResult, JobReport } from "./run-action.js";
import { workflowCommand } from "./workflow-commands.js";

export type RunEnd = ActionResult | { kind: "error"; error: unknown };

/** The step's `result` output. */
type ResultOutput = "posted" | "help" | "nothing-to-do" | "failed";

export interface RunReport {
  /** Workflow command lines for stdout. */
  commands: string[];
  result: ResultOutput;
  commentUrl?: string;
  commentId?: number;
  /** The plan's Markdown, for the file the `plan` output names. */
  plan?: string;
  summary: string;
}

/** Hosts the run's requests went to, to tell a GitHub failure from the model provider's. */
export interface RequestContext {
  failures: FailedRequests;
  githubHost: string;
  providerHost: string;
}

export function reportRun(end: RunEnd, context: RequestContext): RunReport {
  if (end.kind === "error") return reportError(end.error);
  if (end.kind === "nothing-to-do") {
    const text = `issue-planner: no plan for this event: ${end.reason}.`;
    return { commands: [workflowCommand("notice", text)], result: "nothing-to-do", summary: text };
  }
  const reports = end.jobs.map((job) => reportJob(job, context));
  // One event makes one job; were there more, the last one's ending gives the outputs.
  const last = reports.at(-1);
  if (!last) return reportRun({ kind: "nothing-to-do", reason: "no plan was asked for" }, context);
  return {
    ...last,
    commands: reports.flatMap((report) => report.commands),
    result: reports.some((report) => report.result === "failed") ? "failed" : last.result,
    summary: reports.map((report) => report.summary).join("\n\n"),
  };
}

function reportJob(job: JobReport, context: RequestContext): RunReport {
  const ref = issueName(job.issue);
  const { outcome, published } = job;
  const where = published ? { commentUrl: published.url, commentId: published.commentId } : {};
  const link = published ? `[${ref}](${published.url})` : ref;
  switch (outcome.kind) {
    case "posted":
      return {
        commands: [notice(`issue-planner planned ${ref}`, published?.url)],
        result: "posted",
        ...where,
        ...(published?.plan ? { plan: published.plan } : {}),
        summary: `## Plan for ${link}\n\n${published?.plan ?? "The plan was posted; its text could not be read back."}`,
      };
    case "help":
      return {
        commands: [notice(`issue-planner answered \`/plan help\` on ${ref}`, published?.url)],
        result: "help",
        ...where,
        summary: `issue-planner answered \`/plan help\` on ${link}.`,
      };
    case "failed":
      return failedJob(ref, outcome.reason, context);
    case "handed-back":
      return failedJob(ref, "the job was handed back before it finished", context);
  }
}

function failedJob(ref: string, reason: string, context: RequestContext): RunReport {
  const message = joinSentences(inActionTerms(reason), requestNote(reason, context));
  return {
    commands: [workflowCommand("error", `issue-planner could not plan ${ref}: ${message}`)],
    result: "failed",
    summary: `## issue-planner could not plan ${ref}\n\n${message}`,
  };
}

/** A user's mistake says what to fix; anything else says what failed, with the details at debug level. */
function reportError(error: unknown): RunReport {
  const commands: string[] = [];
  let message: string;
  if (error instanceof ActionInputError) message = error.message;
  else {
    const errors = error instanceof AggregateError && error.errors.length > 0 ? error.errors : [error];
    message = errors.map(describeError).join("; ");
    commands.push(...errors.map((each) => debugStack(each)));
  }
  commands.unshift(workflowCommand("error", `issue-planner: ${message}`));
  const sentence = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
  return { commands, result: "failed", summary: `## issue-planner failed\n\n${sentence}` };
}

function describeError(error: unknown): string {
  const described = inActionTerms(describeRequestFailure(error));
  return isRequestFailure(error) ? joinSentences(described, tokenHint(httpStatusOf(error) ?? 0)) : described;
}

/**
 * The request behind a failure: a GitHub request the reason names already gets the token's hint; a failure of
 * the model provider (whose messages name no request) gets the provider's last failed request.
 */
function requestNote(reason: string, { failures, githubHost, providerHost }: RequestContext): string {
  const github = failures.last(githubHost);
  if (github && reason.includes(describeFailedRequest(github))) return tokenHint(github.status);
  const provider = failures.last(providerHost);
  return provider ? `The model provider's last failed request: ${describeFailedRequest(provider)}.` : "";
}

/** GitHub refusing the workflow's token: what to change in the workflow. */
function tokenHint(status: number): string {
  if (status === 401) return "Check the `github-token` input: GitHub did not accept the token.";
  if (status === 403 || status === 404)
    return "Check the `github-token` input and the job's `permissions:` (the plan needs `issues: write` and `contents: read`).";
  return "";
}

/** `first` as a sentence, then `second` when there is one. */
function joinSentences(first: string, second: string): string {
  if (!second) return first;
  return `${first.trimEnd().replace(/([^.])$/, "$1.")} ${second}`;
}

function notice(text: string, url: string | undefined): string {
  return workflowCommand("notice", url ? `${text}: ${url}` : `${text}.`);
}

function debugStack(error: unknown): string {
  return workflowCommand("debug", error instanceof Error ? (error.stack ?? error.message) : String(error));
}

function issueName(issue: IssueRef): string {
  return `${issue.owner}/${issue.repo}#${issue.issueNumber}`;
}
