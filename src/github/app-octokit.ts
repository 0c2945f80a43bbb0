// The GitHub client class of the app's processes (webhook server and worker): Probot's, with the leased write
// spacing (leased-throttling.ts) and every request made through githubFetch, which bounds the wait for GitHub's
// answer and keeps a returned body readable (src/repo/github-fetch.ts). Not covered: the installation token
// requests Probot's authentication makes with its own request function (about one an hour per installation).
import { githubFetch } from "../repo/github-fetch.js";
import { LeasedThrottlingOctokit } from "./leased-throttling.js";

export const AppOctokit = LeasedThrottlingOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  request: { fetch: githubFetch, ...(options.request as object | undefined) },
}));
