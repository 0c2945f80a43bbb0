// The fetch of GitHub requests against a real server on loopback: a bound on the wait for the answer, none on the
// body, and what Octokit makes of a request that got no answer.
import { createServer } from "node:http";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppOctokit } from "../../src/github/app-octokit.js";
import { githubFetch, githubFetchWithin } from "../../src/repo/github-fetch.js";
import { closeServer, listenOnLoopback } from "../bed/listen.js";

/** Ends the body of the pending `/slow-body` answer. */
let endSlowBody = () => {};
const server = createServer((req, res) => {
  // `/silent` never answers; `/slow-body` answers at once and sends its body when the test says so.
  if (req.url === "/silent") return;
  res.writeHead(200, { "content-type": "application/json" });
  if (req.url === "/slow-body") {
    res.flushHeaders();
    endSlowBody = () => res.end('{"whole":true}');
  } else res.end("{}");
});
let base = "";

beforeAll(async () => {
  base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
afterAll(() => closeServer(server));

describe("githubFetch", () => {
  it("fails a request whose answer does not come within the bound", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const pending = githubFetchWithin(100)(`${base}/silent`);
      vi.advanceTimersByTime(100);
      await expect(pending).rejects.toThrow("GitHub did not answer within 0.1 s");
    } finally {
      vi.useRealTimers();
    }
  });

  it("puts no bound on the body once the answer has begun", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const response = await githubFetchWithin(100)(`${base}/slow-body`);
      // Past the bound while the body has not come: a deadline still set would cut the body off now.
      vi.advanceTimersByTime(1_000);
      endSlowBody();
      expect(await response.json()).toEqual({ whole: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("still ends when the caller's own signal aborts first", async () => {
    const caller = new AbortController();
    const pending = githubFetchWithin(60_000)(`${base}/silent`, { signal: caller.signal });
    caller.abort(new Error("the job was handed back"));
    await expect(pending).rejects.toThrow("the job was handed back");
  });

  it("makes an unanswered request a server error to Octokit, which its retries and the job's treat as passing", async () => {
    const octokit = new ProbotOctokit({
      baseUrl: base,
      retry: { enabled: false },
      throttle: { enabled: false },
      request: { fetch: githubFetchWithin(100) },
    });
    await expect(octokit.request("GET /silent")).rejects.toMatchObject({
      status: 500,
      message: "GitHub did not answer within 0.1 s",
    });
  });

  it("is the fetch of every request of the app's own client", () => {
    const octokit = new AppOctokit({ auth: "ghs_test" });
    expect(octokit.request.endpoint.DEFAULTS.request?.fetch).toBe(githubFetch);
  });
});
