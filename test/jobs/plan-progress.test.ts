import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bodySectionBlock } from "../../src/github/issue-body-section.js";
import { BodySurface, CommentSurface } from "../../src/github/plan-surfaces.js";
import { PlanProgress } from "../../src/jobs/plan-progress.js";
import { PLAN_MARKER, STATUS_MARKER } from "../../src/plan/comment-markers.js";
import { readPostedPlan } from "../../src/plan/read-posted-plan.js";

const API = "https://api.github.com";
const REPO_API = "/repos/Codertocat/Hello-World";
const issue = { owner: "Codertocat", repo: "Hello-World", issueNumber: 1 };
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "ghs_test" } });
const oldPlan = `${PLAN_MARKER}\n### Implementation Plan: Old\n\nOld.\n<!-- issue-planner:plan-end -->\n\n---\n<sub>f</sub>`;

const instant = { firstStatusAfterMs: 0 };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  vi.useRealTimers();
  nock.cleanAll();
});

describe("PlanProgress", () => {
  it("starts a status-only comment for a first plan and updates it when a stage is slow", async () => {
    const bodies: string[] = [];
    const scope = nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => bodies.push(body.body) > 0)
      .reply(201, { id: 5 })
      .patch(`${REPO_API}/issues/comments/5`, (body: { body: string }) => bodies.push(body.body) > 0)
      .reply(200, { id: 5 });
    let now = 0;
    const progress = new PlanProgress(new CommentSurface(octokit, issue, undefined), {
      firstStatusAfterMs: 0,
      updateAfterMs: 3_000,
      now: () => now,
    });
    await progress.start("Reading the repository...");
    now = 1_000;
    await progress.stage("Writing the plan..."); // too soon: no request
    now = 5_000;
    await progress.stage("Writing the plan...");
    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([
      `${PLAN_MARKER}\n${STATUS_MARKER}\n> ⏳ **issue-planner:** Reading the repository... The plan will appear here.\n`,
      `${PLAN_MARKER}\n${STATUS_MARKER}\n> ⏳ **issue-planner:** Writing the plan... The plan will appear here.\n`,
    ]);
    expect(readPostedPlan(bodies[1] ?? "")).toBeUndefined();
  });

  it("puts the status on top of the existing plan, which still reads back whole", async () => {
    let body = "";
    nock(API)
      .patch(`${REPO_API}/issues/comments/8`, (request: { body: string }) => {
        body = request.body;
        return true;
      })
      .reply(200, { id: 8 });
    await new PlanProgress(new CommentSurface(octokit, issue, { id: 8, body: oldPlan }), instant).start(
      "Reading the repository...",
    );
    expect(body).toContain("The plan below stays until the new one replaces it.");
    expect(readPostedPlan(body)).toBe("### Implementation Plan: Old\n\nOld.");
  });

  it("on failure removes its status-only comment, or gives the old plan its text back", async () => {
    const created = nock(API)
      .post(`${REPO_API}/issues/1/comments`)
      .reply(201, { id: 5 })
      .delete(`${REPO_API}/issues/comments/5`)
      .reply(204);
    const fresh = new PlanProgress(new CommentSurface(octokit, issue, undefined), instant);
    await fresh.start("Reading the repository...");
    await fresh.abandon();
    expect(created.isDone()).toBe(true);

    const restored: string[] = [];
    nock(API)
      .patch(`${REPO_API}/issues/comments/8`, (request: { body: string }) => restored.push(request.body) > 0)
      .times(2)
      .reply(200, { id: 8 });
    const update = new PlanProgress(new CommentSurface(octokit, issue, { id: 8, body: oldPlan }), instant);
    await update.start("Reading the repository...");
    await update.abandon();
    expect(restored[1]).toBe(oldPlan);
  });

  it("in the issue body, writes only its own section and puts the author's text back on failure", async () => {
    const author = "As a member I want CSV exports.\r\n\r\n- [ ] my own checklist\r\n";
    const edited = `${author}One more line the author added meanwhile.`;
    const written: string[] = [];
    const scope = nock(API)
      .get(`${REPO_API}/issues/1`)
      .reply(200, { number: 1, body: author })
      .patch(`${REPO_API}/issues/1`, (body: { body: string }) => written.push(body.body) > 0)
      .reply(200, { number: 1 })
      // Restoring reads the body again: the author's edit during the job is kept.
      .get(`${REPO_API}/issues/1`)
      .reply(200, { number: 1, body: `${edited}\n\n${bodySectionBlock("status")}` })
      .patch(`${REPO_API}/issues/1`, (body: { body: string }) => written.push(body.body) > 0)
      .reply(200, { number: 1 });
    const surface = await BodySurface.open(octokit, issue);
    expect(surface.previous).toBeUndefined();
    const progress = new PlanProgress(surface, instant);
    await progress.start("Reading the repository...");
    await progress.abandon();
    expect(scope.isDone()).toBe(true);
    expect(written[0]).toBe(
      `${author}\n\n${bodySectionBlock(`${PLAN_MARKER}\n${STATUS_MARKER}\n> ⏳ **issue-planner:** Reading the repository... The plan will appear in this section.\n`)}`,
    );
    expect(written[1]).toBe(edited);
  });

  it("writes its first status after a delay, naming the stage reached by then, and none for a quick job", async () => {
    const bodies: string[] = [];
    nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => bodies.push(body.body) > 0)
      .reply(201, { id: 5 });
    // The first status's timer on a fake clock: the test says when its delay has passed.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const slow = new PlanProgress(new CommentSurface(octokit, issue, undefined), { firstStatusAfterMs: 50 });
    await slow.start("Reading the repository...");
    await slow.stage("Writing the plan..."); // before the first status: no request of its own
    await vi.advanceTimersByTimeAsync(49);
    expect(bodies).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await slow.settle();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain("Writing the plan... The plan will appear here.");

    // Finished before its first status was due: nothing written, nothing to take back.
    const quick = new PlanProgress(new CommentSurface(octokit, issue, undefined), {
      firstStatusAfterMs: 5_000,
    });
    await quick.start("Reading the repository...");
    await quick.settle();
    await quick.abandon();
    expect(bodies).toHaveLength(1);
  });

  it("counts its first status's delay from the 👀 landing, and writes none when the plan is ready by then", async () => {
    const bodies: string[] = [];
    nock(API)
      .post(`${REPO_API}/issues/1/comments`, (body: { body: string }) => bodies.push(body.body) > 0)
      .reply(201, { id: 6 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let land = () => {};
    const eyes = new Promise<void>((resolve) => {
      land = resolve;
    });
    const waiting = new PlanProgress(new CommentSurface(octokit, issue, undefined), {
      firstStatusAfterMs: 50,
    });
    await waiting.start("Reading the repository...", eyes);
    // The job's stages go on while GitHub has not answered the 👀, and no status is due yet.
    await waiting.stage("Writing the plan...");
    await vi.advanceTimersByTimeAsync(500);
    expect(bodies).toHaveLength(0);
    land();
    await vi.advanceTimersByTimeAsync(49);
    expect(bodies).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await waiting.settle();
    expect(bodies).toEqual([expect.stringContaining("Writing the plan... The plan will appear here.")]);

    // The plan was ready when the 👀 landed: it is written at once, with no status before it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const ready = new PlanProgress(new CommentSurface(octokit, issue, undefined), { firstStatusAfterMs: 50 });
    let landReady = () => {};
    await ready.start(
      "Reading the repository...",
      new Promise<void>((resolve) => {
        landReady = resolve;
      }),
    );
    await vi.advanceTimersByTimeAsync(500);
    landReady();
    await ready.settle();
    await vi.advanceTimersByTimeAsync(500);
    vi.useRealTimers();
    expect(bodies).toHaveLength(1);
  });
});
