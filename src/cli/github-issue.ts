// `--github owner/repo#N`: the issue, its repository and the repository's settings, read through the API as the
// app reads them for a webhook (three requests). Failures name the issue and what to check.

import type { ProbotOctokit } from "probot";
import { RepoConfigLoader, type RepoSetup } from "../config/load-repo-config.js";
import type { ServerPolicy } from "../config/validate-repo-config.js";
import { httpStatusOf } from "../errors.js";
import { authorTextOf } from "../github/issue-body-section.js";
import { CliError } from "./cli-error.js";
import type { GitHubIssueRef } from "./github-access.js";

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
      throw new CliError(`${name} is a pull request: plans are written for issues.`);
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
    const status = httpStatusOf(error);
    if (status === 401) throw new CliError("GitHub rejected GITHUB_TOKEN (401): check that it is valid.");
    if (status === 404 || status === 403)
      throw new CliError(
        `${name} was not found, or GITHUB_TOKEN may not read it (HTTP ${status}): check the name and the token's access.`,
      );
    throw error;
  }
}
