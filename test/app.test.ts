import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FAILURE_MARKER, PLAN_END_MARKER, PLAN_MARKER } from "../src/plan/comment-markers.js";
import { stripWrappingFence } from "../src/plan/strip-wrapping-fence.js";
import {
  COMMIT,
  chatCompletion,
  llmReply,
  mockAllowedTrigger,
  mockChat,
  mockConfig,
  mockFailureNotice,
  mockInstallationToken,
  mockLabelPlanFinished,
  mockListComments,
  mockNewPlanComment,
  mockNoConfig,
  mockPermission,
  mockPlannedLabel,
  mockReaction,
  mockRepositoryRead,
} from "./helpers/github-mocks.js";
import {
  API,
  collectUnmatched,
  createTestApp,
  loadPayload,
  OPENAI,
  REPO_API,
  receiveWebhook,
  recordingLog,
  resetNock,
  type TestApp,
} from "./helpers/test-app.js";

/** A label event; `comments`: how many comments the issue has (GitHub's count in the payload). */
const labeled = (comments = 0): Record<string, unknown> => {
  const payload = loadPayload<{ issue: { comments: number } }>("issues.labeled");
  payload.issue.comments = comments;
  return payload;
};
/** A new comment; the issue's count includes it. */
const commented = (body: string, userType = "User", association = "COLLABORATOR", comments = 1) => {
  const payload = loadPayload<{
    comment: { body: string; user: { type: string; login: string }; author_association: string };
    sender: { type: string; login: string };
    issue: { comments: number };
  }>("issue_comment.created");
  payload.comment.body = body;
  payload.comment.user.type = userType;
  payload.comment.author_association = association;
  payload.sender.type = userType;
  payload.issue.comments = comments;
  return payload;
};
const COMMENT_ID = 492700400;

let app: TestApp;
let unmatched: string[];

beforeAll(() => nock.disableNetConnect());
beforeEach(async () => {
  app = await createTestApp();
  unmatched = collectUnmatched();
});
afterEach(resetNock);

function receive(name: "issues" | "issue_comment", payload: unknown, id?: string) {
  return receiveWebhook(app, name, payload, id);
}

describe("needs-plan label", () => {
  it("posts exactly one plan comment with a task list and cleans up the label", async () => {
    let posted = "";
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment((body) => {
        posted = body;
      }),
      ...mockLabelPlanFinished(),
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

  it("asks the model while its 👀 still waits for GitHub, and posts the plan only once the 👀 is there", async () => {
    // Under a burst, each write waits its turn in the installation's write spacing: the 👀 may take seconds.
    const events: string[] = [];
    let modelAsked = (): void => {};
    const asked = new Promise<string>((resolve) => {
      modelAsked = () => resolve("model asked");
    });
    const eyes = nock(API)
      .post(`${REPO_API}/issues/1/reactions`, { content: "eyes" })
      .reply(async () => {
        // The 👀 is answered only once the model is asked: a job that waited for its 👀 first never asks it,
        // and the test fails on vitest's own timeout.
        events.push(`eyes held until ${await asked}`);
        return [201, { id: 1, content: "eyes" }];
      });
    const scopes = [
      ...mockAllowedTrigger(),
      eyes,
      ...mockRepositoryRead(),
      ...mockNewPlanComment(() => events.push("plan written")),
      ...mockLabelPlanFinished(),
    ];
    const chat = nock(OPENAI)
      .post("/v1/chat/completions")
      .reply(() => {
        events.push("model asked");
        modelAsked();
        return [200, chatCompletion(llmReply("fenced-plan.md"))];
      });

    await receive("issues", labeled());

    for (const scope of [...scopes, chat]) expect(scope.isDone()).toBe(true);
    expect(events).toEqual(["model asked", "eyes held until model asked", "plan written"]);
  });

  it("does not post the plan when its 👀 fails for good, and says which step failed", async () => {
    const notice = mockFailureAfterStatus();
    const scopes = [
      ...mockAllowedTrigger(),
      nock(API)
        .post(`${REPO_API}/issues/1/reactions`, { content: "eyes" })
        .reply(403, { message: "Resource not accessible by integration" }),
      ...mockRepositoryRead(),
      ...notice.scopes,
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issues", labeled(), "delivery-eyes-403");

    for (const scope of [...scopes, chat.scope]) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(notice.body()).toContain(
      `while acknowledging the request (GitHub: POST ${REPO_API}/issues/1/reactions answered 403: Resource not accessible by integration)`,
    );
  });

  it("updates the existing plan comment instead of posting a second one", async () => {
    const previousComment = `${PLAN_MARKER}\n${stripWrappingFence(llmReply("fenced-plan.md")).replace(
      "-   [ ] **2.1. Add the export route**",
      "-   [x] **2.1. Add the export route**",
    )}\n${PLAN_END_MARKER}\n\n---\n<sub>Planned by issue-planner</sub>`;
    let updated = "";
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      mockListComments([
        { id: 7, body: `${PLAN_MARKER}\nsomeone quoting the marker`, type: "User" },
        { id: 8, body: previousComment },
        { id: 9, body: `${FAILURE_MARKER}\nan earlier failure` },
      ]),
      nock(API)
        .patch(
          `${REPO_API}/issues/comments/8`,
          (body: { body: string }) =>
            // The status sits on top of the old plan, which stays readable meanwhile.
            body.body.includes("Reading the repository") &&
            body.body.includes("-   [x] **2.1. Add the export route**"),
        )
        .reply(200, { id: 8 }),
      nock(API)
        .patch(`${REPO_API}/issues/comments/8`, (body: { body: string }) => {
          updated = body.body;
          return !body.body.includes("<!-- issue-planner:status -->");
        })
        .reply(200, { id: 8 }),
      nock(API).delete(`${REPO_API}/issues/comments/9`).reply(204),
      ...mockLabelPlanFinished(),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issues", labeled(3));

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(updated).toContain("### Implementation Plan: Export invoices as CSV");
    // The box the team ticked in the old comment stays ticked; the old plan is kept collapsed.
    expect(updated).toContain("-   [x] **2.1. Add the export route**");
    expect(updated).toContain("<summary>Previous plan</summary>");
    expect(updated.match(/<!-- issue-planner:plan -->/g)).toHaveLength(1);
  });

  it("ignores other labels, and labels added by bots", async () => {
    const scopes = [mockInstallationToken(), mockNoConfig()];
    const other = labeled() as { label: { name: string } };
    other.label.name = "bug";
    await receive("issues", other);
    const byBot = labeled() as { sender: { type: string; login: string } };
    byBot.sender.type = "Bot";
    byBot.sender.login = "renovate[bot]";
    await receive("issues", byBot);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(await app.queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });
});

describe("/plan command", () => {
  it("plans for a writer, reacting on the comment and passing the guidance to the model", async () => {
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction({ commentId: COMMENT_ID }, "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment(),
      mockReaction({ commentId: COMMENT_ID }, "rocket"),
      mockPlannedLabel(),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);

    await receive("issue_comment", commented("/plan use the existing mailer\nand keep it small"));

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    const user = chat.requests[0]?.messages[1]?.content ?? "";
    expect(user).toContain("use the existing mailer\nand keep it small");
  });

  it("needs no permission lookup for the repository's owner", async () => {
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      mockReaction({ commentId: COMMENT_ID }, "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment(),
      mockReaction({ commentId: COMMENT_ID }, "rocket"),
      mockPlannedLabel(),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive("issue_comment", commented("/plan", "User", "OWNER"));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });

  it("posts nothing and calls no model for a commenter without write access", async () => {
    const scopes = [mockInstallationToken(), mockNoConfig(), mockPermission("read", "triage")];
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
      ...mockAllowedTrigger(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment(),
      ...mockLabelPlanFinished(),
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

  it("hands a job the provider keeps rate-limiting back to the queue, then plans once it answers", async () => {
    const { log, lines } = recordingLog("warn");
    app = await createTestApp(
      { LLM_MAX_RETRIES: "0", JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "1" },
      undefined,
      log,
    );
    const statusComments: number[] = [];
    const scopes = [
      ...mockAllowedTrigger(),
      // The first attempt: its status comment is taken down again when the provider answers 429.
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`)
        .reply(201, () => {
          statusComments.push(1000);
          return { id: 1000 };
        }),
      nock(API).delete(`${REPO_API}/issues/comments/1000`).reply(204),
      // The retry, after the wait the provider asked for: the configuration is read again (the permission is
      // still known), the snapshot is cached; the comments are listed now.
      mockNoConfig(),
      mockReaction("issue", "eyes"),
      mockListComments([]),
      ...mockNewPlanComment(),
      ...mockLabelPlanFinished(),
    ];
    const chat = mockChat([
      {
        status: 429,
        body: { error: { message: "Rate limit reached", type: "requests" } },
        headers: { "retry-after-ms": "200" },
      },
      { status: 200, body: chatCompletion(llmReply("fenced-plan.md")) },
    ]);
    await receive("issues", labeled());
    await vi.waitFor(() => expect(scopes.every((scope) => scope.isDone())).toBe(true), { timeout: 5_000 });
    await app.queue.onIdle();
    // The queue was told to wait what the provider asked for (the backoff alone would be 1 ms).
    expect(lines("plan job will be retried").map((line) => line.delayMs)).toEqual([200]);
    expect(chat.requests).toHaveLength(2);
    expect(statusComments).toHaveLength(1);
    expect(unmatched).toEqual([]);
    expect(await app.metrics.registry.getSingleMetricAsString("issue_planner_jobs_total")).toContain(
      'issue_planner_jobs_total{outcome="retried"} 1',
    );
  });

  it("posts a failure comment saying what went wrong and how to retry, with a confused reaction", async () => {
    const notice = mockFailureAfterStatus();
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      ...notice.scopes,
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
    const failure = notice.body();
    expect(failure.startsWith(FAILURE_MARKER)).toBe(true);
    expect(failure).toContain("OPENAI_API_KEY");
    expect(failure).toContain("comment `/plan` or remove and re-add the `needs-plan` label");
    expect(failure).toContain("delivery-401");
    // The label stays so the issue still shows it is waiting for a plan.
    expect(failure).not.toContain("Incorrect API key provided");
  });

  it("names the step and the GitHub request that failed when something unexpected stops the job", async () => {
    const notice = mockFailureAfterStatus();
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction("issue", "eyes"),
      nock(API).get(`${REPO_API}/tarball/${COMMIT}`).reply(404, { message: "Not Found" }),
      ...notice.scopes,
    ];

    await receive("issues", labeled(), "delivery-tarball-404");

    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(notice.body()).toContain(
      `while reading the repository (GitHub: GET ${REPO_API}/tarball/${COMMIT} answered 404: Not Found)`,
    );
  });

  it("tells the issue when no model is configured, without calling one", async () => {
    app = await createTestApp({ OPENAI_API_KEY: "" });
    const notice = mockFailureNotice();
    const scopes = [...mockAllowedTrigger(), mockReaction("issue", "eyes"), ...notice.scopes];
    await receive("issues", labeled());
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(notice.body()).toContain("no language model configured");
  });
});

describe("health and metrics routes", () => {
  async function get(url: string) {
    let status = 0;
    let body = "";
    const done = new Promise<void>((resolve) => {
      const res = {
        writeHead: (code: number) => {
          status = code;
          return res;
        },
        end: (text?: string) => {
          body = text ?? "";
          resolve();
        },
      };
      void (async () => {
        for (const handler of app.handlers)
          if (await handler({ url, method: "GET" } as never, res as never)) return;
        status = 404;
        resolve();
      })();
    });
    await done;
    return { status, body };
  }

  it("answers /health with the version, the role and the queue's state", async () => {
    const { status, body } = await get("/health");
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({
      status: "ok",
      version: "0.1.0",
      role: "server+worker",
      queue: { kind: "in-process", state: "in-process", waiting: 0, active: 0 },
    });
    expect((await get("/other")).status).toBe(404);
  });

  it("counts webhooks, jobs, stage latency, tokens and GitHub requests in /metrics", async () => {
    mockAllowedTrigger();
    mockReaction("issue", "eyes");
    mockRepositoryRead();
    mockNewPlanComment();
    mockLabelPlanFinished();
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive("issues", labeled());
    const other = labeled() as { sender: { type: string } };
    other.sender.type = "Bot";
    await receive("issues", other, "bot-delivery");

    const { status, body } = await get("/metrics");
    expect(status).toBe(200);
    expect(body).toContain('issue_planner_webhooks_total{event="issues.labeled",outcome="queued"} 1');
    expect(body).toContain('issue_planner_webhooks_total{event="issues.labeled",outcome="ignored"} 1');
    expect(body).toContain('issue_planner_jobs_total{outcome="posted"} 1');
    for (const stage of ["snapshot", "context", "llm", "validation", "post"])
      expect(body).toContain(`issue_planner_plan_stage_seconds_count{stage="${stage}"} 1`);
    expect(body).toContain('issue_planner_llm_tokens_total{direction="in"} 2100');
    expect(body).toContain('issue_planner_llm_tokens_total{direction="out"} 640');
    expect(body).toContain("issue_planner_repair_rounds_count 1");
    // The installation token, the configuration (with the commit), the permission check, eyes, tarball, status
    // comment, plan, rocket, label off, label on: an issue without comments has none of the app's to list. Ten,
    // as many as when the handler made the first three.
    expect(body).toContain("issue_planner_github_requests_per_plan_sum 10");
    // The webhook handler makes none: the job reads what decides.
    expect(body).toContain("issue_planner_webhook_github_requests_total 0");
    expect(body).toMatch(/issue_planner_queue_jobs\{state="waiting"\} 0/);
  });
});

describe("repository configuration", () => {
  it("reports an invalid configuration file by key, without calling the model", async () => {
    let failure = "";
    const scopes = [
      mockInstallationToken(),
      mockConfig("labels:\n  trigger: needs-plan\nplan:\n  langauge: German\n"),
      mockPermission("write"),
      mockReaction("issue", "eyes"),
      mockListComments([]),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          failure = body.body;
          return true;
        })
        .reply(201, { id: 1003 }),
      mockReaction("issue", "confused"),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);
    await receive("issues", labeled());
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(chat.requests).toHaveLength(0);
    expect(failure).toContain("`.github/issue-planner.yml` has a problem");
    expect(failure).toContain(
      "`plan.langauge` is not a setting of issue-planner (known here: language, instructions, output, repositoryKind).",
    );
  });

  it("follows the configured labels, language and conventions", async () => {
    const payload = labeled() as { label: { name: string }; issue: { labels: { name: string }[] } };
    payload.label.name = "plan-me";
    payload.issue.labels = [{ name: "plan-me" }];
    const scopes = [
      mockInstallationToken(),
      mockConfig(
        "labels:\n  trigger: plan-me\n  planned: has-plan\nplan:\n  language: German\n  instructions: Use the repository's service objects.\ncontext:\n  include: [README.md]\n  exclude: [src/lib/auth.ts]\n",
      ),
      mockPermission("write"),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment(),
      ...mockLabelPlanFinished("plan-me", "has-plan"),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive("issues", payload);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    const user = chat.requests[0]?.messages[1]?.content ?? "";
    expect(user).toContain("Write the plan's sentences in German");
    expect(user).toContain("Use the repository's service objects.");
    expect(user).toContain("`README.md` (always included by the configuration");
    // Excluded paths are never read (their names may still be listed in the tree).
    expect(user).not.toContain("NextAuth({ providers: [] })");
  });

  it("skips issues with an excluded label", async () => {
    const payload = labeled() as { issue: { labels: { name: string }[] } };
    payload.issue.labels = [{ name: "needs-plan" }, { name: "wontfix" }];
    const scopes = [mockInstallationToken(), mockConfig("labels:\n  exclude: [wontfix]\n")];
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);
    await receive("issues", payload);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(chat.requests).toHaveLength(0);
    expect(unmatched).toEqual([]);
  });

  it("plans new issues only where automatic plans are turned on", async () => {
    const opened = () => {
      const payload = labeled() as Record<string, unknown> & { action: string; issue: { labels: unknown[] } };
      payload.action = "opened";
      payload.issue.labels = [];
      delete payload.label;
      return payload;
    };
    const off = [mockInstallationToken(), mockNoConfig()];
    await receive("issues", opened());
    for (const scope of off) expect(scope.isDone()).toBe(true);

    app = await createTestApp();
    const on = [
      mockInstallationToken(),
      mockConfig("triggers:\n  issueOpened: true\nlabels:\n  planned: false\n"),
      mockReaction("issue", "eyes"),
      ...mockRepositoryRead(),
      ...mockNewPlanComment(),
      mockReaction("issue", "rocket"),
    ];
    mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive("issues", opened(), "delivery-opened");
    for (const scope of on) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
  });
});

describe("commands", () => {
  it("answers /plan help with usage and the repository's settings, without a plan or a model call", async () => {
    let help = "";
    const scopes = [
      ...mockAllowedTrigger(),
      mockListComments([]),
      nock(API)
        .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
          help = body.body;
          return true;
        })
        .reply(201, { id: 1004 }),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion("unused") }]);
    await receive("issue_comment", commented("/plan help"));
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    expect(unmatched).toEqual([]);
    expect(chat.requests).toHaveLength(0);
    expect(help.startsWith("<!-- issue-planner:help -->")).toBe(true);
    expect(help).toContain("| `/plan refine <feedback>` |");
    expect(help).toContain(
      "- Trigger label: `needs-plan` (removed once the plan is posted); planned label: `planned`",
    );
    expect(help).toContain("- Plan output: a comment of its own");
  });

  it("answers a mistyped subcommand with the help, naming what it did not understand", async () => {
    let help = "";
    mockAllowedTrigger();
    mockListComments([]);
    nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => {
        help = body.body;
        return true;
      })
      .reply(201, { id: 1004 });
    await receive("issue_comment", commented("/plan halp"));
    expect(help).toContain("`/plan halp` is not a command of issue-planner.");
  });

  it("refines the current plan with the feedback", async () => {
    const current = `${PLAN_MARKER}\n${stripWrappingFence(llmReply("fenced-plan.md"))}\n${PLAN_END_MARKER}\n\n---\n<sub>f</sub>`;
    const scopes = [
      ...mockAllowedTrigger(),
      mockReaction({ commentId: COMMENT_ID }, "eyes"),
      ...mockRepositoryRead(),
      mockListComments([{ id: 8, body: current }]),
      nock(API).patch(`${REPO_API}/issues/comments/8`).times(2).reply(200, { id: 8 }),
      mockReaction({ commentId: COMMENT_ID }, "rocket"),
      mockPlannedLabel(),
    ];
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive(
      "issue_comment",
      commented("/plan refine Drop the end-to-end test; we only run unit tests.", "User", "COLLABORATOR", 2),
    );
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
    const user = chat.requests[0]?.messages[1]?.content ?? "";
    expect(user).toContain("Revise the current plan below as the maintainer's feedback asks.");
    expect(user).toContain("```text current-plan\n### Implementation Plan: Export invoices as CSV");
    expect(user).toContain("```text feedback\nDrop the end-to-end test; we only run unit tests.\n```");
  });
});

describe("cost limits", () => {
  it("tells the issue when the next plan is possible once the installation's hourly plans are used", async () => {
    app = await createTestApp({ PLANS_PER_HOUR: "1" });
    mockAllowedTrigger();
    mockReaction("issue", "eyes");
    mockRepositoryRead();
    mockNewPlanComment();
    mockLabelPlanFinished();
    const chat = mockChat([{ status: 200, body: chatCompletion(llmReply("fenced-plan.md")) }]);
    await receive("issues", labeled(), "first");

    let failure = "";
    // The job reads the configuration again; the permission looked up a moment ago is still known.
    const second = [
      mockNoConfig(),
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
    await receive("issues", labeled(), "second");
    for (const scope of second) expect(scope.isDone()).toBe(true);
    expect(chat.requests).toHaveLength(1);
    expect(failure).toMatch(
      /has used its 1 plans for this hour\. The next plan is possible after \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
  });
});

/** A failed job's status-only comment, removed, then its failure notice (whose body is kept) and 😕. */
function mockFailureAfterStatus(): { scopes: nock.Scope[]; body: () => string } {
  // The status-only comment of the failed job goes (mocked first: the notice's mock takes any comment); the failure
  // notice says what happened.
  const status = nock(API)
    .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) =>
      body.body.includes("Reading the repository"),
    )
    .reply(201, { id: 1001 })
    .delete(`${REPO_API}/issues/comments/1001`)
    .reply(204);
  const notice = mockFailureNotice(true);
  return { scopes: [status, ...notice.scopes], body: notice.body };
}
