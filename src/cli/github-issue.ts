// `--github owner/repo#N`: the issue, its repository and the repository's settings, read through the API as the
// app reads them for a webhook (three requests). Failures name the issue and what to check.

import type { ProbotOctokit } from "probot";
import { RepoConfigLoader, type RepoSetup } from "../config/load-repo-config.js";
import type { ServerPolicy } from "../config/validate-repo-config.js";
import { httpStatusOf } from "../errors.js";
import { authorTextOf } from "../github/issue-body-section.js";
import { CliError, EXIT } from "./cli-error.js";
import type { GitHubIssueRef } from "./github-access.js";
import { networkReason } from "./network-reason.js";

export interface GitHubIssue {
  ref: GitHubIssueRef;
  repository: { id: number; defaultBranch: string };
  issue: { title: string; body: string | null; labels: string[]; comments: number };
  setup: RepoSetup;
}

export async function readGitHubIssue(
  octokit: ProbotOctokit,
  ref: GitHubIssueRef,
  policy: ServerPolicy,
): Promise<GitHubIssue> {
  const name = `${ref.owner}/${ref.repo}#${ref.issueNumber}`;
  const repo = { owner: ref.owner, repo: ref.repo };
  try {
    const [repository, issue, setup] = await Promise.all([
      octokit.rest.repos.get(repo),
      octokit.rest.issues.get({ ...repo, issue_number: ref.issueNumber }),
      new RepoConfigLoader(policy).load(octokit, repo),
    ]);
    if (issue.data.pull_request)
      throw new CliError(
        `${name}: a pull request, and plans are written for issues. Give an issue's number.`,
      );
    return {
      ref,
      repository: { id: repository.data.id, defaultBranch: repository.data.default_branch },
      issue: {
        title: issue.data.title,
        // With the `body` output target the issue holds the app's own section: the model gets the author's text.
        body: issue.data.body == null ? null : authorTextOf(issue.data.body),
        labels: issue.data.labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))),
        comments: issue.data.comments,
      },
      setup,
    };
  } catch (error) {
    throw gitHubProblem(error, name, octokit);
  }
}

/** What GitHub's answer (or its silence) means for the person running the command. */
function gitHubProblem(error: unknown, name: string, octokit: ProbotOctokit): unknown {
  if (error instanceof CliError) return error;
  const status = httpStatusOf(error);
  if (status === 401)
    return new CliError(
      "GITHUB_TOKEN: GitHub rejected it (HTTP 401). Check that the token is valid and not expired.",
    );
  if (status === 404 || status === 403)
    return new CliError(
      `${name}: not found, or GITHUB_TOKEN may not read it (HTTP ${status}). Check the name and the token's access to the repository.`,
    );
  // Octokit reports a request that got no answer as a 500 without a response.
  if (status === 500 && !(error as { response?: unknown }).response) {
    const api = octokit.request.endpoint.DEFAULTS.baseUrl;
    return new CliError(
      `could not reach GitHub at ${api}: ${networkReason(error)}. Check GITHUB_API_URL (unset, it is api.github.com) and this machine's network.`,
      EXIT.failed,
      { cause: error },
    );
  }
  return error;
}
