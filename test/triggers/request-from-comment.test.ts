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
const configWith = (change: (config: RepoConfig) => void = () => undefined) => {
  const config = defaultRepoConfig();
  change(config);
  return config;
};
const known = (change?: (config: RepoConfig) => void) => ({ config: configWith(change), known: true });
const unknown = (change?: (config: RepoConfig) => void) => ({ config: configWith(change), known: false });

describe("requestFromComment", () => {
  it("asks for the help, naming the mistyped subcommand, with no guidance", () => {
    const decision = requestFromComment(comment("/plan halp"), "delivery-7", known());
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        deliveryId: "delivery-7",
        issueNumber: 1,
        trigger: {
          kind: "command",
          actor: "Codertocat",
          association: "OWNER",
          commentId: 492700400,
          action: "help",
          instructions: "",
          unknown: "halp",
        },
      },
    });
  });

  it("carries refine feedback as the trigger's instructions, with the author's association for the job", () => {
    const decision = requestFromComment(comment("/plan refine drop task 4.2"), "d", known());
    expect(decision.kind === "plan" && decision.request.trigger).toEqual({
      kind: "command",
      actor: "Codertocat",
      association: "OWNER",
      commentId: 492700400,
      action: "refine",
      instructions: "drop task 4.2",
    });
  });

  it("carries the comment author's association as the webhook gave it", () => {
    const payload = comment("/plan");
    payload.comment.author_association = "CONTRIBUTOR";
    const decision = requestFromComment(payload, "d", unknown());
    expect(decision).toMatchObject({ kind: "plan", request: { trigger: { association: "CONTRIBUTOR" } } });
  });

  it("carries the issue with its labels and the configuration it was admitted with, with no problems yet", () => {
    const read = known();
    const decision = requestFromComment(comment("/plan"), "d", read);
    expect(decision).toMatchObject({
      kind: "plan",
      request: { issue: { labels: ["bug"] }, config: read.config, configProblems: [] },
    });
  });

  it("ignores a comment that is not a /plan command, whether the configuration is known or not", () => {
    for (const read of [known(), unknown()]) {
      expect(requestFromComment(comment("Looks good to me. /plan later?"), "d", read)).toEqual({
        kind: "ignore",
        reason: "comment is not a /plan command",
      });
    }
  });

  it("ignores /plan when the known configuration turns commands off", () => {
    expect(
      requestFromComment(
        comment("/plan"),
        "d",
        known((config) => (config.triggers.command = false)),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "/plan commands are turned off in the configuration",
    });
  });

  it("ignores /plan on an issue with an excluded label when the configuration is known", () => {
    expect(
      requestFromComment(
        comment("/plan"),
        "d",
        known((config) => (config.labels.exclude = ["BUG"])),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label bug",
    });
  });

  it("queues /plan when the configuration is unknown, even where the defaults would refuse it", () => {
    const read = unknown((config) => {
      config.triggers.command = false;
      config.labels.exclude = ["bug"];
    });
    expect(requestFromComment(comment("/plan use streams"), "d", read)).toMatchObject({
      kind: "plan",
      request: { trigger: { kind: "command", action: "plan", instructions: "use streams" } },
    });
  });

  it("ignores a command whose comment a bot wrote, whoever sent the event", () => {
    const payload = comment("/plan");
    payload.comment.user = {
      ...payload.comment.user,
      login: "renovate[bot]",
      type: "Bot",
    } as typeof payload.comment.user;
    for (const read of [known(), unknown()]) {
      expect(requestFromComment(payload, "d", read)).toEqual({
        kind: "ignore",
        reason: "author renovate[bot] is a bot",
      });
    }
  });
});
