import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { parsePlanCommand } from "../../src/triggers/parse-plan-command.js";
import { requestFromComment } from "../../src/triggers/request-from-comment.js";
import { requestFromLabel } from "../../src/triggers/request-from-label.js";
import { loadPayload } from "../helpers/test-app.js";

describe("parsePlanCommand", () => {
  it.each([
    ["/plan", ""],
    ["/PLAN", ""],
    ["  /plan   use Redis  ", "use Redis"],
    ["/plan keep it small\nand reuse the mailer", "keep it small\nand reuse the mailer"],
    ["/plan\nsecond line only", "second line only"],
  ])("reads %j as a plan request", (body, instructions) => {
    expect(parsePlanCommand(body)).toEqual({ action: "plan", instructions });
  });

  it.each([
    ["/plan help", { action: "help" }],
    ["/Plan HELP", { action: "help" }],
    [
      "/plan refine split task 2.1 into two\nand drop the e2e test",
      { action: "refine", instructions: "split task 2.1 into two\nand drop the e2e test" },
    ],
    ["/plan refine", { action: "help", unknown: "refine (without feedback)" }],
    ["/plan halp", { action: "help", unknown: "halp" }],
  ])("reads %j as a subcommand", (body, command) => {
    expect(parsePlanCommand(body)).toEqual(command);
  });

  it.each(["/planning", "/plan-b", "please /plan", "", null, "> /plan"])(
    "does not read %j as the command",
    (body) => {
      expect(parsePlanCommand(body)).toBeNull();
    },
  );
});

const known = () => ({ config: defaultRepoConfig(), known: true });
const unknown = () => ({ config: defaultRepoConfig(), known: false });

describe("requestFromLabel", () => {
  const payload = () => loadPayload<Context<"issues.labeled">["payload"]>("issues.labeled");

  it("turns the plan label into a request carrying the issue and the delivery id", () => {
    const config = defaultRepoConfig();
    config.labels.trigger = "Needs-Plan";
    const decision = requestFromLabel(payload(), "delivery-1", { config, known: true });
    expect(decision).toEqual({
      kind: "plan",
      request: expect.objectContaining({
        owner: "Codertocat",
        repo: "Hello-World",
        issueNumber: 1,
        installationId: 2,
        defaultBranch: "master",
        deliveryId: "delivery-1",
        trigger: { kind: "label", actor: "Codertocat", label: "needs-plan" },
      }),
    });
  });

  it("ignores events without an installation, whether the configuration is known or not", () => {
    const event = payload();
    delete (event as { installation?: unknown }).installation;
    expect(requestFromLabel(event, "d", known())).toEqual({
      kind: "ignore",
      reason: "event has no installation",
    });
    expect(requestFromLabel(event, "d", unknown())).toEqual({
      kind: "ignore",
      reason: "event has no installation",
    });
  });
});

describe("requestFromComment", () => {
  const payload = (body: string) => {
    const event = loadPayload<Context<"issue_comment.created">["payload"]>("issue_comment.created");
    event.comment.body = body;
    return event;
  };

  it("carries the guidance, the comment to react on and its author's association", () => {
    const decision = requestFromComment(payload("/plan use the mailer"), "d", known());
    expect(decision.kind === "plan" && decision.request.trigger).toEqual({
      kind: "command",
      actor: "Codertocat",
      association: "OWNER",
      commentId: 492700400,
      action: "plan",
      instructions: "use the mailer",
    });
  });

  it("ignores comments on pull requests, whether the configuration is known or not", () => {
    const event = payload("/plan");
    (event.issue as { pull_request?: unknown }).pull_request = {
      url: "https://api.github.com/repos/a/b/pulls/1",
    };
    for (const read of [known(), unknown()]) {
      expect(requestFromComment(event, "d", read)).toEqual({
        kind: "ignore",
        reason: "pull requests are not planned",
      });
    }
  });

  it("ignores the app's own comments", () => {
    const event = payload("/plan");
    event.sender = { ...event.sender, login: "issue-planner[bot]", type: "Bot" };
    event.comment.user = {
      ...event.comment.user,
      login: "issue-planner[bot]",
      type: "Bot",
    } as typeof event.comment.user;
    expect(requestFromComment(event, "d", unknown())).toEqual({
      kind: "ignore",
      reason: "author issue-planner[bot] is a bot",
    });
  });
});
