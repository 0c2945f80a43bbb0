import { describe, expect, it } from "vitest";
import { FailedRequests } from "../../src/action/failed-requests.js";
import { reportRun } from "../../src/action/report-run.js";

const issue = { owner: "octo", repo: "app", issueNumber: 7 };

/** An Octokit RequestError as it reaches the Action: the request, the status and GitHub's answer. */
function requestError(method: string, url: string, status: number, message: string): Error {
  return Object.assign(new Error(message), {
    name: "HttpError",
    status,
    request: { method, url, headers: {} },
    response: { url, status, headers: {}, data: { message } },
  });
}

async function contextWith(failed: { url: string; method: string; status: number }[]) {
  const failures = new FailedRequests();
  for (const entry of failed) {
    const fetch = failures.wrap(async () => new Response("{}", { status: entry.status }));
    await fetch(entry.url, { method: entry.method });
  }
  return { failures, githubHost: "api.github.com", providerHost: "api.openai.com" };
}

describe("reportRun", () => {
  it("reports an unexpected error as one error line naming the request, its details at debug level", async () => {
    const url = "https://api.github.com/repos/octo/app/issues/7";
    const error = new AggregateError([requestError("GET", url, 401, "Bad credentials")], "");
    const report = reportRun({ kind: "error", error }, await contextWith([]));
    const errors = report.commands.filter((line) => line.startsWith("::error::"));
    expect(errors).toEqual([
      "::error::issue-planner: GET /repos/octo/app/issues/7 answered 401: Bad credentials. Check the `github-token` input: GitHub did not accept the token.\n",
    ]);
    expect(
      report.commands.slice(1).every((line) => line.startsWith("::debug::HttpError: Bad credentials")),
    ).toBe(true);
    expect(report.result).toBe("failed");
  });

  it("adds the token's hint to a failed plan whose reason names the GitHub request that failed", async () => {
    const reason =
      "Something unexpected went wrong while posting the plan (GitHub: POST /repos/octo/app/issues/7/comments answered 403: Resource not accessible by integration); its operator can find the details in the logs.";
    const context = await contextWith([
      { method: "POST", url: "https://api.github.com/repos/octo/app/issues/7/comments", status: 403 },
    ]);
    const report = reportRun(
      { kind: "done", jobs: [{ issue, outcome: { kind: "failed", reason } }] },
      context,
    );
    expect(report.commands[0]).toContain("; the details are in this step's log");
    expect(report.commands[0]).toMatch(
      /debug logging\. Check the `github-token` input and the job's `permissions:` \(the plan needs `issues: write`/,
    );
    expect(report.summary).toMatch(/^## issue-planner could not plan octo\/app#7\n\nSomething unexpected/);
  });

  it("names nothing it cannot know: no request for a failure that made none", async () => {
    const reason = "This repository's `.github/issue-planner.yml` has a problem, so no plan was written.";
    const report = reportRun(
      { kind: "done", jobs: [{ issue, outcome: { kind: "failed", reason } }] },
      await contextWith([]),
    );
    expect(report.commands).toEqual([`::error::issue-planner could not plan octo/app#7: ${reason}\n`]);
  });
});
