import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAILURE_MARKER, PLAN_END_MARKER, PLAN_MARKER } from "../src/github/comment-markers.js";
import { stripWrappingFence } from "../src/plan/strip-wrapping-fence.js";
import {
  chatCompletion,
  llmReply,
  mockChat,
  mockInstallationToken,
  mockListComments,
  mockReaction,
  mockRepositoryRead,
} from "./helpers/github-mocks.js";
import { API, createTestApp, loadPayload, REPO_API, type TestApp } from "./helpers/test-app.js";

const labeled = () => loadPayload("issues.labeled");
const commented = (body: string, userType = "User") => {
  const payload = loadPayload<{
    comment: { body: string; user: { type: string; login: string } };
    sender: { type: string; login: string };
  }>("issue_comment.created");
  payload.comment.body = body;
  payload.comment.user.type = userType;
  payload.sender.type = userType;
  return payload;
};
const COMMENT_ID = 492700400;

let app: TestApp;
let unmatched: string[];

beforeAll(() => {
  nock.disableNetConnect();
});

beforeEach(async () => {
  app = await createTestApp();
  unmatched = [];
  nock.emitter.on("no match", (req: { method?: string; path?: string }) => {
    unmatched.push(`${req.method} ${req.path}`);
  });
});

afterEach(() => {
  nock.emitter.removeAllListeners("no match");
  nock.cleanAll();
});

async function receive(
  name: "issues" | "issue_comment",
  payload: unknown,
  id = "d1a2b3c4-0000-11f0-8000-000000000001",
) {
  await app.probot.receive({ name, id, payload } as Parameters<typeof app.probot.receive>[0]);
  await app.queue.onIdle();
}

describe("needs-plan label", () => {
  it("posts exactly one plan comment with a task list and cleans up the label", async () => {
    let posted = "";
    const scopes = [
      mockInstallationToken(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      mockListComments([]),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          posted = body.body;
          return true;
        })
        .reply(201, { id: 1001 }),
      mockReaction("issue", "rocket"),
      nock(API).delete(`${REPO_API}/issues/1/labels/needs-plan`).reply(200, []),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issues", labeled());

    for (const scope of [...scopes, chat.scope]) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(posted.startsWith(PLAN_MARKER)).toBe(true);
    expect(posted).toContain("### Implementation Plan: Export invoices as CSV");
    expect(posted).toMatch(/^- {3}\[ \] \*\*1\.1\. No schema change\*\*$/m);
    // The wrapping fence and the chatter around it are gone, so the checkboxes render.
    expect(posted).not.toContain("```");
    expect(posted).not.toContain("Let me know");
    // No pings from the app's account.
    expect(posted).not.toMatch(/(^|\s)@octocat/);

    const [request] = chat.requests;
    expect(request?.messages[0]?.role).toBe("system");
    const user = request?.messages[1]?.content ?? "";
    expect(user).toContain("[USER STORY / BUSINESS GOAL]");
    expect(user).toContain("import them into our accounting tool");
    expect(user).toContain("[CODEBASE CONTEXT]");
    expect(user).toContain("prisma/schema.prisma");
    expect(user).toContain("`db:migrate` (prisma migrate dev)");
    expect(user).toContain("Next.js 15.1.0 (App Router; uses Server Actions)");
    expect(user).toContain("Codertocat/Hello-World at commit 9fb0379");
    expect(user).toContain("[USER REQUEST]");
    expect(user).toContain("Let members export their invoices as CSV");
  });

  it("updates the existing plan comment instead of posting a second one", async () => {
    const previousComment = `${PLAN_MARKER}\n${stripWrappingFence(llmReply("fenced-plan.md")).replace(
      "-   [ ] **2.1. Add the export route**",
      "-   [x] **2.1. Add the export route**",
    )}\n${PLAN_END_MARKER}\n\n---\n<sub>Planned by issue-planner</sub>`;
    let updated = "";
    const scopes = [
      mockInstallationToken(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      mockListComments([
        { id: 7, body: `${PLAN_MARKER}\nsomeone quoting the marker`, type: "User" },
        { id: 8, body: previousComment },
        { id: 9, body: `${FAILURE_MARKER}\nan earlier failure` },
      ]),
      nock(API)
        .patch(`${REPO_API}/issues/comments/8`, (body: { body: string }) => {
          updated = body.body;
          return true;
        })
        .reply(200, { id: 8 }),
      nock(API).delete(`${REPO_API}/issues/comments/9`).reply(204),
      mockReaction("issue", "rocket"),
      nock(API).delete(`${REPO_API}/issues/1/labels/needs-plan`).reply(200, []),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issues", labeled());

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updated).toContain("### Implementation Plan: Export invoices as CSV");
    // The box the team ticked in the old comment stays ticked; the old plan is kept collapsed.
    expect(updated).toContain("-   [x] **2.1. Add the export route**");
    expect(updated).toContain("<summary>Previous plan</summary>");
    expect(updated.match(/<!-- issue-planner:plan -->/g)).toHaveLength(1);
  });

  it("ignores other labels, and labels added by bots", async () => {
    const other = labeled() as { label: { name: string } };
    other.label.name = "bug";
    await receive("issues", other);
    const byBot = labeled() as { sender: { type: string; login: string } };
    byBot.sender.type = "Bot";
    byBot.sender.login = "renovate[bot]";
    await receive("issues", byBot);
    expect(unmatched).toEqual([]);
    expect(app.queue.stats()).toEqual({ waiting: 0, active: 0 });
  });
});

describe("/plan command", () => {
  it("plans for a writer, reacting on the comment and passing the guidance to the model", async () => {
    const scopes = [
      mockInstallationToken(),
      nock(API)
        .get(`${REPO_API}/collaborators/Codertocat/permission`)
        .reply(200, { permission: "write", role_name: "write", user: { login: "Codertocat" } }),
      mockReaction({ commentId: COMMENT_ID }, "eyes"),
      ...mockRepositoryRead(),
      mockListComments([]),
      nock(API).post(`${REPO_API}/issues/1/comments`).reply(201, { id: 1001 }),
      mockReaction({ commentId: COMMENT_ID }, "rocket"),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issue_comment", commented("/plan use the existing mailer\nand keep it small"));

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    const user = chat.requests[0]?.messages[1]?.content ?? "";
    expect(user).toContain("use the existing mailer\nand keep it small");
  });

  it("posts nothing and calls no model for a commenter without write access", async () => {
    const scopes = [
      mockInstallationToken(),
      nock(API)
        .get(`${REPO_API}/collaborators/Codertocat/permission`)
        .reply(200, { permission: "read", role_name: "triage", user: { login: "Codertocat" } }),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);

    await receive("issue_comment", commented("/plan"));

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(chat.requests).toHaveLength(0);
    expect(unmatched).toEqual([]);
  });

  it("ignores /plan from bots and comments that are not the command", async () => {
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);
    await receive("issue_comment", commented("/plan", "Bot"));
    await receive("issue_comment", commented("/planning is hard"));
    await receive("issue_comment", commented("please /plan this"));
    expect(chat.requests).toHaveLength(0);
    expect(unmatched).toEqual([]);
  });
});

describe("model failures", () => {
  it("retries a 500 from the model and then posts the plan", async () => {
    const scopes = [
      mockInstallationToken(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      mockListComments([]),
      nock(API).post(`${REPO_API}/issues/1/comments`).reply(201, { id: 1001 }),
      mockReaction("issue", "rocket"),
      nock(API).delete(`${REPO_API}/issues/1/labels/needs-plan`).reply(200, []),
    ];
    const chat = mockChat([
      {
        status: 500,
        body: { error: { message: "upstream failed", type: "server_error" } },
        headers: { "retry-after-ms": "5" },
      },
      { status: 200, body: chatCompletion(llmReply("fenced-plan.md")) },
    ]);

    await receive("issues", labeled());

    expect(chat.requests).toHaveLength(2);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it("posts a failure comment saying what went wrong and how to retry, with a confused reaction", async () => {
    let failure = "";
    const scopes = [
      mockInstallationToken(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      mockListComments([]),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          failure = body.body;
          return true;
        })
        .reply(201, { id: 1002 }),
      mockReaction("issue", "confused"),
    ];
    mockChat([
      {
        status: 401,
        body: { error: { message: "Incorrect API key provided", type: "invalid_request_error" } },
      },
    ]);

    await receive("issues", labeled(), "delivery-401");

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(failure.startsWith(FAILURE_MARKER)).toBe(true);
    expect(failure).toContain("OPENAI_API_KEY");
    expect(failure).toContain("comment `/plan` or remove and re-add the `needs-plan` label");
    expect(failure).toContain("delivery-401");
    // The label stays so the issue still shows it is waiting for a plan.
    expect(failure).not.toContain("Incorrect API key provided");
  });

  it("tells the issue when no model is configured, without calling one", async () => {
    app = await createTestApp({ OPENAI_API_KEY: "" });
    let failure = "";
    const scopes = [
      mockInstallationToken(),
      mockReaction("issue", "eyes"),
      mockListComments([]),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          failure = body.body;
          return true;
        })
        .reply(201, { id: 1002 }),
      mockReaction("issue", "confused"),
    ];
    await receive("issues", labeled());
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(failure).toContain("no language model configured");
  });
});

describe("health route", () => {
  it("answers 200 with the version and the queue depth", async () => {
    const [handler] = app.handlers;
    let status = 0;
    let body = "";
    const res = {
      writeHead: (code: number) => {
        status = code;
        return res;
      },
      end: (text?: string) => {
        body = text ?? "";
      },
    };
    const handled = await handler?.({ url: "/health", method: "GET" } as never, res as never);
    expect(handled).toBe(true);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({
      status: "ok",
      version: "0.1.0",
      queue: { waiting: 0, active: 0 },
    });
    expect(await handler?.({ url: "/other", method: "GET" } as never, res as never)).toBe(false);
  });
});
