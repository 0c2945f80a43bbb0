// A client for GraphQL queries that only read, outside Probot's write spacing. GitHub asks for writes (POST,
// PATCH, PUT, DELETE) to one installation to be a second apart; @octokit/plugin-throttling cannot tell a GraphQL
// query from a mutation, so it spaces every GraphQL request like a write. The job's first request, the settings
// read (a query), then waited behind every write other jobs of the installation had queued: a dozen seconds under a
// burst of plans, on a job taken over from a dead worker too. Reads are bounded by GitHub's concurrency and points
// limits, which a plan's one query stays far below. The plugin's maintainers advise a second client without
// throttling for such queries (octokit/plugin-throttling.js#380); the app's only GraphQL request is such a query.
// What the throttled client does and this one does not: wait out a rate limit inside the request. A rate-limited
// read fails instead, and the job counts it as passing and is retried at GitHub's reset (classify-failure.ts).
import type { ProbotOctokit } from "probot";

/**
 * The same client without the throttling: it authenticates through `octokit`'s own authentication (the same
 * installation token, fetched and cached once for both), on the same server, with the same retries and logging.
 */
export function unspacedReader(octokit: ProbotOctokit): ProbotOctokit {
  const Client = octokit.constructor as typeof ProbotOctokit;
  return new Client({
    authStrategy: () => octokit.auth,
    baseUrl: octokit.request.endpoint.DEFAULTS.baseUrl,
    log: octokit.log,
    throttle: { enabled: false },
  });
}
