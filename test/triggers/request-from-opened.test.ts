import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { requestFromOpened } from "../../src/triggers/request-from-opened.js";
import { loadPayload } from "../helpers/test-app.js";

type OpenedPayload = Context<"issues.opened">["payload"];
const opened = () => loadPayload<OpenedPayload>("issues.opened");
const read = (known: boolean, issueOpened: boolean, exclude: string[] = []) => {
  const config = defaultRepoConfig();
  config.triggers.issueOpened = issueOpened;
  config.labels.exclude = exclude;
  return { config, known };
};
const openedWithQuestionLabel = () => {
  const payload = opened();
  payload.issue.labels = [
    {
      id: 1_362_934_391,
      node_id: "MDU6TGFiZWwxMzYyOTM0Mzkx",
      url: "https://api.github.com/repos/Codertocat/Hello-World/labels/question",
      name: "question",
      color: "d876e3",
      default: true,
      description: null,
    },
  ];
  return payload;
};

describe("requestFromOpened with the repository's configuration known", () => {
  it("plans nothing for new issues unless the configuration asks for it", () => {
    expect(requestFromOpened(opened(), "d", { config: defaultRepoConfig(), known: true })).toEqual({
      kind: "ignore",
      reason: "automatic plans for new issues are off",
    });
  });

  it("plans a new issue where automatic plans are on, with its author as the actor", () => {
    const decision = requestFromOpened(opened(), "delivery-3", read(true, true));
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        owner: "Codertocat",
        repo: "Hello-World",
        issueNumber: 1,
        deliveryId: "delivery-3",
        issue: { title: "Let members export their invoices as CSV", labels: [] },
        trigger: { kind: "opened", actor: "Codertocat" },
      },
    });
  });

  it("does not plan an issue opened with an excluded label", () => {
    expect(requestFromOpened(openedWithQuestionLabel(), "d", read(true, true, ["Question"]))).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label question",
    });
  });
});

describe("requestFromOpened with the repository's configuration unknown", () => {
  it("queues a new issue even though the defaults leave automatic plans off: the job decides", () => {
    expect(requestFromOpened(opened(), "d", { config: defaultRepoConfig(), known: false })).toMatchObject({
      kind: "plan",
      request: { trigger: { kind: "opened", actor: "Codertocat" } },
    });
  });

  it("queues a new issue with a label the defaults would exclude", () => {
    expect(requestFromOpened(openedWithQuestionLabel(), "d", read(false, true, ["question"]))).toMatchObject({
      kind: "plan",
      request: { issue: { labels: ["question"] } },
    });
  });
});

describe("requestFromOpened payload checks", () => {
  it("does not plan an issue a bot opened, whether the configuration is known or not", () => {
    const payload = opened();
    payload.sender = { ...payload.sender, login: "dependabot[bot]", type: "Bot" };
    for (const known of [true, false]) {
      expect(requestFromOpened(payload, "d", read(known, true))).toEqual({
        kind: "ignore",
        reason: "sender dependabot[bot] is a bot",
      });
    }
  });
});
