// Output targets through the whole app: the plan in a section of the issue body, and one sub-issue per phase.
import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { splitIssueBody } from "../src/github/issue-body-section.js";
import {
  BODY_END_MARKER,
  BODY_START_MARKER,
  FAILURE_MARKER,
  PLAN_MARKER,
  STATUS_MARKER,
} from "../src/plan/comment-markers.js";
import { phaseOfIssueBody } from "../src/plan/render-phase-issues.js";
import {
  chatCompletion,
  llmReply,
  mockChat,
  mockConfig,
  mockInstallationToken,
  mockLabelPlanFinished,
  mockListComments,
  mockNewPlanComment,
  mockPermission,
  mockReaction,
  mockRepositoryRead,
} from "./helpers/github-mocks.js";
import {
  API,
  collectUnmatched,
  createTestApp,
  loadPayload,
  REPO_API,
  receiveWebhook,
  resetNock,
  type TestApp,
} from "./helpers/test-app.js";

const AUTHOR_TEXT =
  "As a billing admin I want to download all invoices of a date range as a CSV file.\r\n\r\n- [ ] my own note\r\n";

let app: TestApp;
let unmatched: string[];

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  app = await createTestApp();
  unmatched = collectUnmatched();
});
afterEach(resetNock);

function labeledWithBody(body: string, comments = 0) {
  const payload = loadPayload<{ issue: { body: string; comments: number } }>("issues.labeled");
  payload.issue.body = body;
  payload.issue.comments = comments;
  return payload;
}

function mockTrigger(output: string, comments: Parameters<typeof mockListComments>[0] = []): nock.Scope[] {
  return [
    mockInstallationToken(),
    mockConfig(`plan:\n  output: ${output}\n`),
    mockPermission("write"),
    mockReaction("issue", "eyes"),
    ...mockRepositoryRead(),
    // An issue without comments has none of the app's to list.
    ...(comments.length > 0 ? [mockListComments(comments)] : []),
  ];
}

/** GET of the issue answering each body in turn, and the bodies PATCHed into it. */
function mockIssueBody(served: string[]): { scope: nock.Scope; written: string[] } {
  const written: string[] = [];
  const scope = nock(API);
  for (const body of served) {
    scope.get(`${REPO_API}/issues/1`).reply(200, { id: 444500041, number: 1, body });
    scope
      .patch(`${REPO_API}/issues/1`, (request: { body: string }) => written.push(request.body) > 0)
      .reply(200, { number: 1 });
  }
  return { scope, written };
}

describe("output: body", () => {
  it("writes the plan into a section after the author's text, which stays byte for byte", async () => {
    const issue = mockIssueBody([AUTHOR_TEXT, `${AUTHOR_TEXT}Edited meanwhile.`]);
    const scopes = [...mockTrigger("body"), issue.scope, ...mockLabelPlanFinished()];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT));

    for (const scope of [...scopes, chat.scope]) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    const [status, final] = issue.written.map((body) => splitIssueBody(body));
    expect(status?.before).toBe(`${AUTHOR_TEXT}\n\n`);
    expect(status?.section).toContain(STATUS_MARKER);
    expect(status?.section).toContain("The plan will appear in this section.");
    // The author's edit made while the plan was written is kept; only the section changed.
    expect(final?.before).toBe(`${AUTHOR_TEXT}Edited meanwhile.\n\n`);
    expect(final?.after).toBe("");
    expect(final?.section?.startsWith(PLAN_MARKER)).toBe(true);
    expect(final?.section).not.toContain(STATUS_MARKER);
    expect(final?.section).toMatch(/^- {3}\[ \] \*\*1\.1\. No schema change\*\*$/m);
  });

  it("regenerates in place, keeps ticked boxes, and never shows the model its own section", async () => {
    const issue = mockIssueBody([AUTHOR_TEXT, AUTHOR_TEXT]);
    mockTrigger("body");
    mockLabelPlanFinished();
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT), "first");
    const firstBody = issue.written.at(-1) ?? "";
    const ticked = firstBody.replace(
      "[ ] **2.1. Add the export route**",
      "[x] **2.1. Add the export route**",
    );
    expect(ticked).not.toBe(firstBody);

    const again = mockIssueBody([ticked, ticked]);
    // The token and the snapshot of this commit are cached by now (the permission too, looked up a moment
    // ago); the job reads the configuration, with the commit, again.
    const trigger = mockTrigger("body");
    const scopes = [again.scope, ...trigger.slice(1, 2), ...trigger.slice(3, 4), ...mockLabelPlanFinished()];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(ticked), "second");

    expect(scopes.flatMap((scope) => scope.pendingMocks())).toEqual([]);
    expect(unmatched).toEqual([]);
    const user = chat.requests[0]?.messages[1]?.content ?? "";
    expect(user).toContain("my own note");
    expect(user).not.toContain("Implementation Plan");
    expect(user).not.toContain(BODY_START_MARKER);
    const final = splitIssueBody(again.written.at(-1));
    expect(final.before).toBe(`${AUTHOR_TEXT}\n\n`);
    expect(final.section).toContain("-   [x] **2.1. Add the export route**");
    // The body keeps one plan: no collapsed copy of the previous one.
    expect(final.section).not.toContain("Previous plan");
    expect(again.written.at(-1)?.match(new RegExp(BODY_END_MARKER, "g"))).toHaveLength(1);
  });

  it("posts a comment instead when the issue body has no room left for the plan", async () => {
    const long = "x".repeat(60_000);
    let posted = "";
    const scopes = [
      ...mockTrigger("body"),
      nock(API).get(`${REPO_API}/issues/1`).reply(200, { number: 1, body: long }),
      ...mockNewPlanComment((body) => {
        posted = body;
      }),
      ...mockLabelPlanFinished(),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(long));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(posted).toContain("The issue body is too long to hold the plan as well");
  });
});

interface SubIssue {
  id: number;
  number: number;
  title: string;
  body: string;
  user: { login: string; type: string };
}

/** The sub-issues API: a listing, issues created with increasing numbers, links recorded, updates recorded. */
function mockSubIssues(listed: SubIssue[], linkStatus = 201) {
  const created: SubIssue[] = [];
  const links: number[] = [];
  const updates: { number: number; body: Record<string, unknown> }[] = [];
  const scope = nock(API)
    .get(`${REPO_API}/issues/1/sub_issues`)
    .query({ per_page: "100" })
    .reply(200, listed)
    .persist()
    .post(`${REPO_API}/issues`)
    .reply((_uri, body) => {
      const request = body as { title: string; body: string };
      const issue = {
        id: 9_000 + created.length,
        number: 10 + created.length,
        ...request,
        user: { login: "issue-planner[bot]", type: "Bot" },
      };
      created.push(issue);
      return [201, issue];
    })
    .post(`${REPO_API}/issues/1/sub_issues`)
    .reply((_uri, body) => {
      links.push((body as { sub_issue_id: number }).sub_issue_id);
      return linkStatus === 201
        ? [201, { id: 444500041, number: 1 }]
        : [
            linkStatus,
            { message: "Validation Failed", errors: [{ message: "Issue has too many sub-issues" }] },
          ];
    })
    .patch(/\/repos\/Codertocat\/Hello-World\/issues\/\d+$/)
    .reply((uri, body) => {
      updates.push({ number: Number(uri.split("/").at(-1)), body: body as Record<string, unknown> });
      return [200, {}];
    });
  return { scope, created, links, updates };
}

describe("output: sub-issues", () => {
  it("posts the plan comment and one linked sub-issue per phase; a rerun rewrites only what changed", async () => {
    let comment = "";
    const first = mockSubIssues([]);
    mockTrigger("sub-issues");
    mockNewPlanComment((body) => {
      comment = body;
    });
    mockLabelPlanFinished();
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT), "first");

    expect(unmatched).toEqual([]);
    expect(comment).toContain("Each phase is also tracked as a sub-issue of this issue");
    expect(first.created.map((issue) => issue.title)).toEqual([
      "Phase 1: Data Layer & Schema · Export invoices as CSV",
      "Phase 2: Backend Logic · Export invoices as CSV",
      "Phase 3: Frontend Implementation · Export invoices as CSV",
      "Phase 4: Testing and Validation · Export invoices as CSV",
    ]);
    expect(first.links).toEqual([9_000, 9_001, 9_002, 9_003]);
    expect(first.updates).toEqual([]);
    const backend = first.created[1] as SubIssue;
    expect(phaseOfIssueBody(backend.body)).toBe("backend");
    expect(backend.body).toContain("-   [ ] **2.1. Add the export route**");
    expect(backend.body).not.toContain("**1.1.");
    nock.cleanAll();

    // The team ticked a task, renamed a sub-issue and removed the testing one; the data phase is outdated.
    const listed: SubIssue[] = [
      {
        ...(first.created[0] as SubIssue),
        body: (first.created[0] as SubIssue).body.replace("No schema", "Old"),
      },
      {
        ...backend,
        title: "Backend work (renamed by the team)",
        body: backend.body.replace("[ ] **2.1.", "[x] **2.1."),
      },
      first.created[2] as SubIssue,
      {
        id: 77,
        number: 77,
        title: "A person's own sub-issue",
        body: backend.body,
        user: { login: "u", type: "User" },
      },
    ];
    const second = mockSubIssues(listed);
    mockTrigger("sub-issues", [{ id: 1001, body: comment }]);
    nock(API).patch(`${REPO_API}/issues/comments/1001`).times(2).reply(200, { id: 1001 });
    mockLabelPlanFinished();
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT, 1), "second");

    expect(unmatched).toEqual([]);
    // Only the outdated phase is rewritten; the missing one is created and linked; the rest is left alone.
    expect(second.updates.map((update) => update.number)).toEqual([10]);
    expect(second.updates[0]?.body.body).toBe((first.created[0] as SubIssue).body);
    expect(second.created.map((issue) => phaseOfIssueBody(issue.body))).toEqual(["testing"]);
    expect(second.links).toEqual([9_000]);
  });

  it("closes a sub-issue it could not link and says so on the issue", async () => {
    let failure = "";
    const sub = mockSubIssues([], 422);
    const scopes = [
      ...mockTrigger("sub-issues"),
      ...mockNewPlanComment(),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          failure = body.body;
          return body.body.startsWith(FAILURE_MARKER);
        })
        .reply(201, { id: 1002 }),
      mockReaction("issue", "confused"),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(sub.created).toHaveLength(1);
    expect(sub.updates).toEqual([{ number: 10, body: { state: "closed", state_reason: "not_planned" } }]);
    // The reason goes through the sanitiser like all posted text: `#10` is shown, not linked.
    expect(failure).toContain(
      "its phase issue #\u200B10 could not be linked as a sub-issue (GitHub answered 422",
    );
  });

  it("posts the plan in its comment alone, saying why, on a server without the sub-issues API", async () => {
    let comment = "";
    const listing = nock(API).get(`${REPO_API}/issues/1/sub_issues`).query({ per_page: "100" }).reply(404, {
      message: "Not Found",
      documentation_url: "https://docs.github.com/enterprise-server@3.14/rest",
    });
    const created = nock(API).post(`${REPO_API}/issues`).reply(201, {});
    const scopes = [
      ...mockTrigger("sub-issues"),
      ...mockNewPlanComment((body) => {
        comment = body;
      }),
      ...mockLabelPlanFinished(),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receiveWebhook(app, "issues", labeledWithBody(AUTHOR_TEXT), "ghes");
    expect(listing.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(created.isDone()).toBe(false);
    expect(unmatched).toEqual([]);
    expect(comment).toContain("This GitHub server has no sub-issues API");
    expect(comment).toContain("answered 404");
    expect(comment).not.toContain("Each phase is also tracked as a sub-issue");
    expect(comment).not.toContain(FAILURE_MARKER);
  });
});
