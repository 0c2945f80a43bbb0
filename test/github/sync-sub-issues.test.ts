import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserFacingError } from "../../src/errors.js";
import { namedBotAuthor } from "../../src/github/own-author.js";
import { findPhaseIssues, type LinkedPhaseIssue, syncSubIssues } from "../../src/github/sync-sub-issues.js";
import type { PhaseKey } from "../../src/plan/plan-model.js";
import { phaseIssueMarker, renderPhaseIssues } from "../../src/plan/render-phase-issues.js";
import { samplePlan } from "../helpers/sample-plan.js";

const API = "https://api.github.com";
const REPO_API = "/repos/Codertocat/Hello-World";
const ISSUE = { owner: "Codertocat", repo: "Hello-World", issueNumber: 1 };
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "ghs_test" } });
const bot = { login: "issue-planner[bot]", type: "Bot" };
const person = { login: "Codertocat", type: "User" };

const subIssue = (number: number, body: string | null, user: { login: string; type: string }) => ({
  id: 9_000 + number,
  number,
  title: `Sub-issue ${number}`,
  body,
  user,
  state: "open",
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe("findPhaseIssues", () => {
  it("finds the app's own phase issues among the sub-issues, the first for each phase", async () => {
    const scope = nock(API)
      .get(`${REPO_API}/issues/1/sub_issues`)
      .query({ per_page: "100" })
      .reply(200, [
        subIssue(11, `${phaseIssueMarker("backend")}\n-   [ ] **2.1. Add the route**`, bot),
        subIssue(12, `${phaseIssueMarker("dataLayer")}\nquoted by a person`, person),
        subIssue(13, "A sub-issue the team wrote", bot),
        subIssue(14, `${phaseIssueMarker("backend")}\nan older copy`, bot),
        subIssue(15, null, bot),
        subIssue(16, `${phaseIssueMarker("testing")}`, bot),
      ]);
    const found = await findPhaseIssues(octokit, ISSUE);
    expect(scope.isDone()).toBe(true);
    expect(Object.fromEntries(found)).toEqual({
      backend: {
        number: 11,
        title: "Sub-issue 11",
        body: `${phaseIssueMarker("backend")}\n-   [ ] **2.1. Add the route**`,
      },
      testing: { number: 16, title: "Sub-issue 16", body: phaseIssueMarker("testing") },
    });
  });

  it("reads every page of sub-issues", async () => {
    nock(API)
      .get(`${REPO_API}/issues/1/sub_issues`)
      .query({ per_page: "100" })
      .reply(200, [subIssue(11, phaseIssueMarker("backend"), bot)], {
        link: `<${API}${REPO_API}/issues/1/sub_issues?per_page=100&page=2>; rel="next"`,
      })
      .get(`${REPO_API}/issues/1/sub_issues`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [subIssue(31, phaseIssueMarker("frontend"), bot)]);
    expect([...(await findPhaseIssues(octokit, ISSUE)).keys()]).toEqual(["backend", "frontend"]);
  });

  it("takes only the named bot's issues for the app's when told its login", async () => {
    nock(API)
      .get(`${REPO_API}/issues/1/sub_issues`)
      .query({ per_page: "100" })
      .reply(200, [
        subIssue(11, phaseIssueMarker("backend"), { login: "other-app[bot]", type: "Bot" }),
        subIssue(12, phaseIssueMarker("frontend"), bot),
      ]);
    const found = await findPhaseIssues(octokit, ISSUE, namedBotAuthor("Issue-Planner[bot]"));
    expect([...found.keys()]).toEqual(["frontend"]);
  });
});

describe("syncSubIssues", () => {
  const wanted = renderPhaseIssues(samplePlan(), new Map(), {});
  const wantedFor = (phase: PhaseKey) => {
    const found = wanted.find((entry) => entry.phase === phase);
    if (!found) throw new Error(`no ${phase} issue`);
    return found;
  };

  it("leaves an unchanged phase alone, rewrites a changed one in place and creates and links a missing one", async () => {
    const existing = new Map<PhaseKey, LinkedPhaseIssue>([
      ["dataLayer", { number: 20, title: "Our own title", body: wantedFor("dataLayer").body }],
      ["backend", { number: 21, title: "Phase 2", body: `${phaseIssueMarker("backend")}\nold tasks` }],
      ["testing", { number: 24, title: "Phase 4", body: wantedFor("testing").body }],
    ]);
    const sent: Record<string, unknown>[] = [];
    const record = (body: Record<string, unknown>) => {
      sent.push(body);
      return true;
    };
    const scope = nock(API)
      .patch(`${REPO_API}/issues/21`, record)
      .reply(200, { number: 21 })
      .post(`${REPO_API}/issues`, record)
      .reply(201, { id: 9_023, number: 23 })
      .post(`${REPO_API}/issues/1/sub_issues`, record)
      .reply(201, { id: 9_001, number: 1 });
    const results = await syncSubIssues(octokit, ISSUE, existing, wanted);
    expect(scope.isDone()).toBe(true);
    expect(results).toEqual([
      { phase: "dataLayer", number: 20, action: "unchanged" },
      { phase: "backend", number: 21, action: "updated" },
      { phase: "frontend", number: 23, action: "created" },
      { phase: "testing", number: 24, action: "unchanged" },
    ]);
    // The update leaves the issue's state to the team; the link uses the new issue's id, not its number.
    expect(sent).toEqual([
      { title: wantedFor("backend").title, body: wantedFor("backend").body },
      { title: wantedFor("frontend").title, body: wantedFor("frontend").body },
      { sub_issue_id: 9_023 },
    ]);
  });

  it("closes a phase issue it could not link, and says so in a message for the issue", async () => {
    const closed: Record<string, unknown>[] = [];
    const scope = nock(API)
      .post(`${REPO_API}/issues`)
      .reply(201, { id: 9_023, number: 23 })
      .post(`${REPO_API}/issues/1/sub_issues`)
      .reply(422, { message: "Validation Failed", status: "422" })
      .patch(`${REPO_API}/issues/23`, (body: Record<string, unknown>) => {
        closed.push(body);
        return true;
      })
      .reply(200, { number: 23, state: "closed" });
    const error = await syncSubIssues(octokit, ISSUE, new Map(), [wantedFor("frontend")]).catch(
      (caught: unknown) => caught,
    );
    expect(scope.isDone()).toBe(true);
    expect(closed).toEqual([{ state: "closed", state_reason: "not_planned" }]);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).userMessage).toBe(
      "The plan was posted, but its phase issue #23 could not be linked as a sub-issue (GitHub answered 422; " +
        "an issue holds at most 100 sub-issues), so it was closed again.",
    );
  });

  it("still reports the failed link when closing the stray issue fails too, and writes nothing after it", async () => {
    const scope = nock(API)
      .post(`${REPO_API}/issues`)
      .reply(201, { id: 9_023, number: 23 })
      .post(`${REPO_API}/issues/1/sub_issues`)
      .reply(403, { message: "Resource not accessible by integration" })
      .patch(`${REPO_API}/issues/23`)
      .reply(500, { message: "Server Error" });
    const error = await syncSubIssues(octokit, ISSUE, new Map(), [
      wantedFor("frontend"),
      wantedFor("testing"),
    ]).catch((caught: unknown) => caught);
    expect(scope.isDone()).toBe(true);
    expect((error as UserFacingError).userMessage).toMatch(
      /^The plan was posted, but its phase issue #23 .*answered 403/,
    );
  });
});
