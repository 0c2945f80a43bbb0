// `--github owner/repo#N`: which issue, and an Octokit for it from GITHUB_TOKEN (Probot's, with its retries and
// throttling), pointed at GITHUB_API_URL for GitHub Enterprise Server.
import { pino } from "pino";
import { Probot, type ProbotOctokit } from "probot";
import { CliError } from "./cli-error.js";

export interface GitHubIssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

const OWNER = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})";
const REPO = "[A-Za-z0-9._-]{1,100}";
// `owner/repo#7`, or the issue's address as a browser shows it (github.com or a GitHub Enterprise Server host).
const SHORT = new RegExp(`^(${OWNER})/(${REPO})#(\\d{1,9})$`);
const URL_FORM = new RegExp(`^https?://[^/\\s]+/(${OWNER})/(${REPO})/issues/(\\d{1,9})/?(?:[?#].*)?$`);

export function parseGitHubIssueRef(value: string): GitHubIssueRef {
  const match = SHORT.exec(value.trim()) ?? URL_FORM.exec(value.trim());
  if (!match || Number(match[3]) < 1)
    throw new CliError(
      `--github ${value}: not an issue's name or address. Give it as owner/repo#number or as its address, e.g. octo-org/shop#42 or https://github.com/octo-org/shop/issues/42.`,
    );
  return { owner: match[1] as string, repo: match[2] as string, issueNumber: Number(match[3]) };
}

export interface GitHubAccess {
  octokit: ProbotOctokit;
  probot: Probot;
}

/**
 * `Octokit` replaces Probot's client class (its retries and write spacing) where a caller needs other request
 * policies, as the tests do to run without waiting between writes.
 */
export async function gitHubAccess(
  env: NodeJS.ProcessEnv,
  Octokit?: typeof ProbotOctokit,
): Promise<GitHubAccess> {
  const token = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim();
  if (!token)
    throw new CliError(
      "--github needs a token: GITHUB_TOKEN and GH_TOKEN are unset. Set GITHUB_TOKEN to a token that can read the repository and its issues (and, with --post, write issues), e.g. GITHUB_TOKEN=$(gh auth token).",
    );
  const baseUrl = (env.GITHUB_API_URL?.trim() || "https://api.github.com").replace(/\/+$/, "");
  const probot = new Probot({
    githubToken: token,
    baseUrl,
    log: pino({ level: "silent" }),
    ...(Octokit ? { Octokit } : {}),
  });
  return { probot, octokit: await probot.auth() };
}
