// The GitHub client class of the app's processes (webhook server and worker): Probot's, with the leased write
// spacing (leased-throttling.ts) and every request made through githubFetch, which bounds the wait for GitHub's
// answer and keeps a returned body readable (src/repo/github-fetch.ts); a webhook handler gets one shared client
// that refuses requests instead of a new installation client per event (handler-client.ts). Not covered: the
// installation token requests Probot's authentication makes with its own request function (about one an hour per
// installation).
import { githubFetch } from "../repo/github-fetch.js";
import { handlerClient } from "./handler-client.js";
import { LeasedThrottlingOctokit } from "./leased-throttling.js";

export const AppOctokit = LeasedThrottlingOctokit.plugin(handlerClient).defaults(
  (options: Record<string, unknown>) => ({
    ...options,
    request: { fetch: githubFetch, ...(options.request as object | undefined) },
  }),
);
