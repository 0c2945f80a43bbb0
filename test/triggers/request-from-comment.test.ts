import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { requestFromComment } from "../../src/triggers/request-from-comment.js";
import { loadPayload } from "../helpers/test-app.js";

type CommentPayload = Context<"issue_comment.created">["payload"];
const comment = (body: string): CommentPayload => {
  const payload = loadPayload<CommentPayload>("issue_comment.created");
  payload.comment.body = body;
  return payload;
};
const read = (change: (config: RepoConfig) => void = () => undefined) => {
  const config = defaultRepoConfig();
  change(config);
  return { config, problems: [] };
};

describe("requestFromComment", () => {
  it("asks for the help, naming the mistyped subcommand, with no guidance", () => {
    const decision = requestFromComment(comment("/plan halp"), "delivery-7", read());
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        deliveryId: "delivery-7",
        issueNumber: 1,
        trigger: {
          kind: "command",
          actor: "Codertocat",
          commentId: 492700400,
          action: "help",
          instructions: "",
          unknown: "halp",
        },
      },
    });
  });

  it("carries refine feedback as the trigger's instructions", () => {
    const decision = requestFromComment(comment("/plan refine drop task 4.2"), "d", read());
    expect(decision.kind === "plan" && decision.request.trigger).toEqual({
      kind: "command",
      actor: "Codertocat",
      commentId: 492700400,
      action: "refine",
      instructions: "drop task 4.2",
    });
  });

  it("carries the issue with its labels and the configuration read with the comment", () => {
    const decision = requestFromComment(comment("/plan"), "d", { ...read(), problems: ["model: too long"] });
    expect(decision).toMatchObject({
      kind: "plan",
      request: { issue: { labels: ["bug"] }, configProblems: ["model: too long"] },
    });
  });

  it("ignores a comment that is not a /plan command", () => {
    expect(requestFromComment(comment("Looks good to me. /plan later?"), "d", read())).toEqual({
      kind: "ignore",
      reason: "comment is not a /plan command",
    });
  });

  it("ignores /plan when the configuration turns commands off", () => {
    expect(
      requestFromComment(
        comment("/plan"),
        "d",
        read((config) => (config.triggers.command = false)),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "/plan commands are turned off in the configuration",
    });
  });

  it("ignores /plan on an issue with an excluded label", () => {
    expect(
      requestFromComment(
        comment("/plan"),
        "d",
        read((config) => (config.labels.exclude = ["BUG"])),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label bug",
    });
  });

  it("ignores a command whose comment a bot wrote, whoever sent the event", () => {
    const payload = comment("/plan");
    payload.comment.user = {
      ...payload.comment.user,
      login: "renovate[bot]",
      type: "Bot",
    } as typeof payload.comment.user;
    expect(requestFromComment(payload, "d", read())).toEqual({
      kind: "ignore",
      reason: "author renovate[bot] is a bot",
    });
  });
});
