import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { appBotLogin } from "../../src/github/app-bot-login.js";
import { describeRequestFailure } from "../../src/github/describe-request-failure.js";
import { namedBotAuthor } from "../../src/github/own-author.js";

const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "jwt-stand-in" } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("the app's own bot account", () => {
  it("is read once from GET /app and names the slug's bot", async () => {
    const scope = nock("https://api.github.com")
      .get("/app")
      .once()
      .reply(200, { id: 1, slug: "issue-planner" });
    const login = appBotLogin(async () => octokit);
    expect(await login()).toBe("issue-planner[bot]");
    expect(await login()).toBe("issue-planner[bot]");
    expect(scope.isDone()).toBe(true);
  });

  it("is read again by the next job after a failed read, not remembered as failed", async () => {
    nock("https://api.github.com").get("/app").reply(502, { message: "Bad Gateway" });
    nock("https://api.github.com").get("/app").reply(200, { slug: "planner-bot" });
    const login = appBotLogin(async () => octokit);
    await expect(login()).rejects.toMatchObject({ status: 502 });
    expect(await login()).toBe("planner-bot[bot]");
  });

  it("owns only that bot's comments: not another app's, not a user's with the same name", () => {
    const own = namedBotAuthor("issue-planner[bot]");
    expect(own({ login: "issue-planner[bot]", type: "Bot" })).toBe(true);
    expect(own({ login: "Issue-Planner[bot]", type: "Bot" })).toBe(true);
    expect(own({ login: "other-app[bot]", type: "Bot" })).toBe(false);
    expect(own({ login: "issue-planner[bot]", type: "User" })).toBe(false);
    expect(own(null)).toBe(false);
  });
});

describe("describeRequestFailure", () => {
  it("names the request, the status and GitHub's message", async () => {
    nock("https://api.github.com")
      .post("/graphql")
      .reply(403, { message: "Resource not accessible by integration" });
    const error = await octokit.graphql("query { viewer { login } }").catch((caught: unknown) => caught);
    expect(describeRequestFailure(error)).toBe(
      "POST /graphql answered 403: Resource not accessible by integration",
    );
  });

  it("says what anything else is, briefly", () => {
    expect(describeRequestFailure(new Error("socket hang up"))).toBe("socket hang up");
    expect(describeRequestFailure("x".repeat(500))).toHaveLength(200);
  });
});
