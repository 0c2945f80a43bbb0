import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { unspacedReader } from "../../src/github/unspaced-reader.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const QUERY = "query { viewer { login } }";

describe("the unspaced reader", () => {
  it("reads with GraphQL between two spaced writes, where the throttled client's query waits behind them", async () => {
    // Probot's own client: its throttling spaces every write and every GraphQL request a second apart.
    const octokit = new ProbotOctokit({
      auth: { token: "ghs_installation" },
      baseUrl: "https://ghe.test/api/v3",
      retry: { enabled: false },
    });
    const arrived: string[] = [];
    const github = nock("https://ghe.test", { reqheaders: { authorization: "token ghs_installation" } })
      .post("/api/v3/repos/acme/web/issues/1/reactions")
      .times(2)
      .reply(201, (_uri, body) => {
        arrived.push(`write ${(body as { content: string }).content}`);
        return {};
      })
      .post("/api/graphql")
      .times(2)
      .reply(200, (_uri, body) => {
        arrived.push(`query ${(body as { variables?: { who?: string } }).variables?.who}`);
        return { data: { viewer: { login: "issue-planner[bot]" } } };
      });
    const reader = unspacedReader(octokit);
    const react = (content: "eyes" | "rocket") =>
      octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", {
        owner: "acme",
        repo: "web",
        issue_number: 1,
        content,
      });
    const requests = [
      react("eyes"),
      react("rocket"),
      reader.graphql(QUERY, { who: "reader" }),
      octokit.graphql(QUERY, { who: "throttled" }),
    ];
    await Promise.all(requests);
    // The second write waits its second; the reader's query does not, the throttled client's waits after it.
    const at = (what: string) => arrived.indexOf(what);
    expect(at("query reader")).toBeLessThan(at("write rocket"));
    expect(at("query throttled")).toBeGreaterThan(at("write rocket"));
    expect(at("write eyes")).toBeLessThan(at("write rocket"));
    expect(github.isDone()).toBe(true);
  });

  it("reads as the app's installation: one installation token, fetched once for both clients", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const octokit = new ProbotOctokit({
      auth: { appId: 1, privateKey, installationId: 7 },
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const github = nock("https://api.github.com")
      .post("/app/installations/7/access_tokens")
      .once()
      .reply(201, { token: "ghs_seven", expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .post("/graphql")
      .matchHeader("authorization", "token ghs_seven")
      .reply(200, { data: { viewer: { login: "issue-planner[bot]" } } })
      .get("/repos/acme/web")
      .matchHeader("authorization", "token ghs_seven")
      .reply(200, { full_name: "acme/web" });
    const reader = unspacedReader(octokit);
    await reader.graphql(QUERY);
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "web" });
    expect(github.isDone()).toBe(true);
  });

  it("fails as its client does when that client has no credentials", async () => {
    const octokit = new ProbotOctokit({ retry: { enabled: false }, throttle: { enabled: false } });
    nock("https://api.github.com").post("/graphql").reply(401, { message: "Requires authentication" });
    await expect(unspacedReader(octokit).graphql(QUERY)).rejects.toThrow(
      /Neither "appId"\/"privateKey" nor "token" have been set/,
    );
  });
});
